/**
 * tamed as a webpack plugin (`tamed/webpack`): tamed/unplugin's, which see. Needs unplugin (a dev dependency).
 */
import { unplugin } from "./unplugin.cjs";

// module.exports = the plugin function: `import tamed from "tamed/webpack"` and `require("tamed/webpack")` both get it.
export = unplugin.webpack;
