// Another module declaring a class named Item: a bundle renames one of the two.
export class Item {
  readonly kind = "other";
}
