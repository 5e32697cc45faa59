// The app's set-up as i18next's guide writes it: a chain of calls on the package's own instance,
// each returning that instance, in the entry only. A worker loads its own copy of fake-i18n, which
// nothing sets up there (inline "bonjour", on a worker "hello"). Refused at the chain's statement.
import i18n, { createInstance } from "fake-i18n";
import { french } from "./french.js";
import { greet } from "./greet.js";

i18n.use(french).init({ lng: "fr" });

// A chain on an instance the package made for the caller sets up only that instance: not refused.
createInstance().use(french).init({ lng: "fr" });

console.log(await greet("hello"));
