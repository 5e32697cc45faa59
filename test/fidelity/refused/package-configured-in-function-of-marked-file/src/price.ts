// A file with a marked function whose set-up is a call of a function of its own: a worker module
// carries the file's top-level configuring statements, not calls of functions (such a function
// may also start the app), so a worker's copy of fake-decimal keeps its defaults (inline "1.23",
// on a worker "1.23456000000000010175"). Refused at the call.
import { Decimal } from "fake-decimal";
import { makeAsync } from "tamed";

function setupNumbers(): void {
  Decimal.config({ places: 2 });
}
setupNumbers();

export const price = makeAsync((x: number): string => Decimal.format(x));
