import { Marked } from "fake-marked";

// The app's own renderer, made by the package as this file loads.
export const md = new Marked();
