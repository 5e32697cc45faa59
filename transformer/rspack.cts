/**
 * tamed as a Rspack plugin (`tamed/rspack`): tamed/unplugin's, which see. Needs unplugin (a dev dependency).
 */
import { unplugin } from "./unplugin.cjs";

// module.exports = the plugin function: `import tamed from "tamed/rspack"` and `require("tamed/rspack")` both get it.
export = unplugin.rspack;
