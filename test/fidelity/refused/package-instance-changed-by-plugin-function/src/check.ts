import { makeAsync } from "tamed";
import { ajv, options, strict } from "./validator.js";

export const check = makeAsync((s: string) => [
  ajv.validate("email", s),
  ajv.keywords["typeof"] === true,
  options.strict,
  strict.validate("email", s),
]);
