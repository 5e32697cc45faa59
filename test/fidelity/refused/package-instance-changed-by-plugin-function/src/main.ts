// The entry extends the validators that check() reads by handing them to plugin functions of
// other packages: only the main thread's copies get them (inline [true, true, true, true], on a
// worker ["unknown format email", false, true, "unknown format email"]). Refused (TS77002) at
// each, whatever the plugin is named, also for an instance of the app's subclass.
import addFormats from "fake-formats";
import keywords, { assertKeywords, report } from "fake-keywords";
import { ajv, options, strict } from "./validator.js";
import { check } from "./check.js";

addFormats.default(ajv);
keywords(ajv);
addFormats.default(strict);
// Handed to a package too, but read: an object typed by the package's interface, not an instance of its class;
// and a validator handed to a function named for checking.
report(options);
assertKeywords(ajv);

console.log(await check("a@b"));
