import { makeAsync } from "tamed";
import { ajv, options } from "./validator.js";

export const check = makeAsync((s: string) => [ajv.validate("email", s), ajv.keywords["typeof"] === true, options.strict]);
