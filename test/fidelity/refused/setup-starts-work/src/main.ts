// A program's main() both fills a table the marked function reads and calls the
// function. A worker would have to run main() to get the table, which would start the
// program again there: the build refuses the statement instead of dropping it.
import { makeAsync } from "tamed";

const prices = new Map<string, number>();

export const priceOf = makeAsync((item: string): number => prices.get(item) ?? -1);

async function main(): Promise<void> {
  prices.set("apple", 3);
  prices.set("pear", 4);
  console.log(await priceOf("apple"));
}

main();
