// The entry extends the validator that check() reads by handing it to plugin functions of other
// packages: only the main thread's copy of ajv gets them (inline [true, true, true], on a worker
// ["unknown format email", false, true]). Refused (TS77002) at both, whatever the plugin is named.
import addFormats from "fake-formats";
import keywords, { report } from "fake-keywords";
import { ajv, options } from "./validator.js";
import { check } from "./check.js";

addFormats.default(ajv);
keywords(ajv);
// Handed to a package too, but an object typed by the package's interface, not an instance of its class: read, not refused.
report(options);

console.log(await check("a@b"));
