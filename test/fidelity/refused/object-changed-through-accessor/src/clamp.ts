import { makeAsync } from "tamed";
import { clamp } from "./limits.js";

export const clampAll = makeAsync((xs: number[]): number[] => xs.map(clamp));
