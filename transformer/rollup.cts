/**
 * tamed as a Rollup plugin (`tamed/rollup`): tamed/unplugin's, which see. Needs unplugin (a dev dependency).
 */
import { unplugin } from "./unplugin.cjs";

// module.exports = the plugin function: `import tamed from "tamed/rollup"` and `require("tamed/rollup")` both get it.
export = unplugin.rollup;
