import { makeAsync } from "tamed";
import { pbkdf2Sha256Hex } from "./pbkdf2.js";

/** The same function, marked: each call runs on a worker thread of the pool and returns a task to await. */
export const pbkdf2Task = makeAsync((password: string, salt: string, iterations: number): string =>
  pbkdf2Sha256Hex(password, salt, iterations),
);
