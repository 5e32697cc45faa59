// An error class from another module, thrown by a helper the marked function calls;
// the marked function never names the class.
import { makeAsync } from "tamed";
import { validateUser } from "./support/validate.js";

export const greetUser = makeAsync((input: unknown): string => {
  const user = validateUser(input);
  return `hello ${user.name} (${user.age})`;
});
