// tinypool and piscina worker: both pick a named export by the `name` run option.
export { inc, cpu, sink, nap } from "./tasks.mjs";
