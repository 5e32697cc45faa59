// A side-effect import of a polyfill: nothing is imported by name.
import "./support/polyfill.js";
import { makeAsync } from "tamed";

export const clampAll = makeAsync((xs: number[], lo: number, hi: number): number[] => xs.map((x) => Math.clampTo(x, lo, hi)));
