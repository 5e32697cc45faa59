// Floor pool worker: a request is { id, fn, arg }, the reply { id, value }. No queue, no
// bookkeeping: what a pool would cost if it did nothing but forward messages.
import { parentPort } from "node:worker_threads";
import * as tasks from "./tasks.mjs";

parentPort.on("message", ({ id, fn, arg }) => parentPort.postMessage({ id, value: tasks[fn](arg) }));
