// Imports through a barrel (export * from).
import { makeAsync } from "tamed";
import { slug, words } from "./support/text/index.js";

export const slugWords = makeAsync((text: string): string[] => words(text).map(slug));
