// Floor worker for async calls through shared memory (floors.mjs rawRing): calls come as
// (id, ms) pairs in a ring the caller writes, replies go back in a ring this thread writes;
// a message is only a doorbell, posted when the other side has not been rung since it
// last read its ring. What posting no message per call could cost.
import { parentPort, workerData } from "node:worker_threads";
import { drain, push } from "../ring.mjs";
import { nap } from "./tasks.mjs";

const { calls, replies } = workerData;
parentPort.on("message", () =>
  drain(calls, (id, ms) => nap(ms).then((v) => push(replies, id, v) && parentPort.postMessage(0))),
);
