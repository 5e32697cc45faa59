// A value a package made for the app, extended as the module loads by a plugin function of
// another package handed it, as a CommonJS project with esModuleInterop writes ajv's
// `addFormats(ajv)`: the worker must run the same call on its own copy of the value.
import { makeAsync } from "tamed";
import Validator from "fake-validator";
import addFormats from "fake-validator-formats";

const validator = new Validator();
addFormats(validator);

export const validateEmailCjs = makeAsync((s: string) => validator.validate("email", s));
