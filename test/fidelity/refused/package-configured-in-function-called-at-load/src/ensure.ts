// Configuration done lazily by the code that needs it: `total` calls it on the worker too, so
// the entry's own call configures nothing `total` computes with (not refused for `total`).
import { Decimal } from "fake-decimal";

let ready = false;
export function ensureNumbers(): void {
  if (ready) return;
  Decimal.config({ places: 2 });
  ready = true;
}
