// The app's setup, in functions the entry calls as it loads: the package's state is configured
// on the main thread's copy only. A worker loads its own copy of fake-decimal, which nothing
// configures there (inline "1.23", on a worker "1.23456000000000010175"). Refused at the calls
// that run them as the entry loads, in main.ts and here.
import { Decimal } from "fake-decimal";

export function setupNumbers(): void {
  Decimal.config({ places: 2 });
}

// A concise arrow returns the call's value: it configures all the same.
const setupAll = (): void => Decimal.config({ places: 2 });
setupAll();
