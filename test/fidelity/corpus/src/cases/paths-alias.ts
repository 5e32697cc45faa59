// An import through a tsconfig "paths" alias.
import { makeAsync } from "tamed";
import { toRoman } from "@corpus/roman.js";

export const romanYears = makeAsync((years: number[]): string[] => years.map(toRoman));
