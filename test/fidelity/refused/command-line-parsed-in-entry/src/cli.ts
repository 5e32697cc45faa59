import { Command, Schema } from "fake-commander";

// The app's own program, made by the package as this file loads.
export const app = new Command().option("--name <n>", "who", "world");
// A schema of the app's, which parses values without changing.
export const count = new Schema();
