// A value a package made for the app, extended as the module loads by a plugin function of
// another package handed it (ajv's `addFormats(ajv)`, written `addFormats.default(ajv)` where an
// ES module calls a CommonJS package typed `export default`): the worker must run the same call
// on its own copy of the value, or it validates without the format.
import { makeAsync } from "tamed";
import Validator from "fake-validator";
import addFormats from "fake-validator-formats";

const validator = new Validator.default();
addFormats.default(validator);

export const validateEmail = makeAsync((s: string) => validator.validate("email", s));
