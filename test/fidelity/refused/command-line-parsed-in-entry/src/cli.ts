import { Command } from "fake-commander";

// The app's own program, made by the package as this file loads.
export const app = new Command().option("--name <n>", "who", "world");
