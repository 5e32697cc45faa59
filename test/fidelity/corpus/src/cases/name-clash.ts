// A class name read at run time (constructor.name, a logger's or serializer's label) when
// another module of the program declares a class by the same name: a bundle renames one of
// the two unless it keeps names.
import { makeAsync } from "tamed";
import { Item as OtherItem } from "./support/other-item.js";

export class Item {
  readonly kind = "mine";
}

export const itemNames = makeAsync((): string => `${new Item().constructor.name} ${new OtherItem().constructor.name}`);
