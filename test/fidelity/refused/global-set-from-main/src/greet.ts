import { makeAsync } from "tamed";
import { greeting } from "./locale.js";

export const greet = makeAsync((name: string): string => `${greeting()}, ${name}`);
