// Plugins that fill the global registry as they load, imported for their effect by the
// file with the marker (so workers load them too): through a function, by assignment to
// an element of globalThis, by Object.defineProperty, by a mutator on the global itself.
import { registerFormatter } from "./global-formatters.js";

registerFormatter("upper", (s) => s.toUpperCase());
globalThis["CORPUS_SUFFIX"] = "!";
Object.defineProperty(globalThis, "CORPUS_PREFIX", { value: "> ", writable: true, configurable: true });
globalThis.CORPUS_FORMATTERS!.set("reverse", (s) => [...s].reverse().join(""));
