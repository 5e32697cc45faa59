// Sets the region before region.ts reads it (preload.js loads first): not refused.
import "../preload.js";
import { regionName } from "../regions.js";

console.log(await regionName());
