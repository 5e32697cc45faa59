import workerpool from "workerpool";
import { cpu, inc, nap, sink } from "./tasks.mjs";

workerpool.worker({ inc, cpu, sink, nap });
