/**
 * tamed as a Vite plugin (`tamed/vite`): tamed/unplugin's, which see. Needs unplugin (a dev dependency).
 */
import { unplugin } from "./unplugin.cjs";

// module.exports = the plugin function: `import tamed from "tamed/vite"` and `require("tamed/vite")` both get it.
export = unplugin.vite;
