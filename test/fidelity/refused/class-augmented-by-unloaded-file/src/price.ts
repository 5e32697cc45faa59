import { makeAsync } from "tamed";
import { Money } from "./money.js";

export const price = makeAsync((cents: number): string => new Money(cents, "EUR").format?.() ?? "unformatted");
