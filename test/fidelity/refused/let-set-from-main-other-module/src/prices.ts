import { makeAsync } from "tamed";
import { formatPrice } from "./options.js";

export const priceList = makeAsync((amounts: number[]): string[] => amounts.map(formatPrice));
