import Ajv from "fake-ajv";
import type { KeywordOptions } from "fake-keywords";

// The app's own validator, made by the package as this file loads.
export const ajv = new Ajv.default();
// Options of the app's, typed by an interface of a package.
export const options: KeywordOptions = { strict: true };
// A validator of the app's own subclass of the package's class.
export class StrictAjv extends Ajv.default {}
export const strict = new StrictAjv();
