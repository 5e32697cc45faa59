// A class named Item in a module the app loads before the name-clash case, and no worker of
// that case loads: the bundle keeps this one's name and renames the case's (Item2) unless it
// keeps names; the case's worker module, holding one Item of its own, would not.
export class Item {
  readonly kind = "app";
}
export const appItem = new Item();
