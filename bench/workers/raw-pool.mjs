// Floor pool worker: a request is { id, fn, arg }, the reply { id, value }. No queue, no
// bookkeeping: what a pool would cost if it did nothing but forward messages. An async
// task (nap) replies when it settles; its siblings run meanwhile on this event loop.
import { parentPort } from "node:worker_threads";
import * as tasks from "./tasks.mjs";

parentPort.on("message", ({ id, fn, arg }) => {
  const value = tasks[fn](arg);
  if (value instanceof Promise) value.then((v) => parentPort.postMessage({ id, value: v }));
  else parentPort.postMessage({ id, value });
});
