import { makeAsync } from "tamed";
import { REGION } from "./region.js";

export const regionName = makeAsync((): string => REGION);
