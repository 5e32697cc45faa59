// Floor worker parked in Atomics.wait, as tamed's, tinypool's and piscina's idle workers are.
// ctl[0] counts requests posted on `port`, ctl[1] replies; the waiting side sleeps on them.
import { receiveMessageOnPort, workerData } from "node:worker_threads";

const { port, sab, notify } = workerData;
const ctl = new Int32Array(sab);
let seen = 0;
for (;;) {
  Atomics.wait(ctl, 0, seen);
  // Read the count before draining: a request posted meanwhile bumps it, so the next wait
  // returns at once instead of missing it.
  seen = Atomics.load(ctl, 0);
  for (let m; (m = receiveMessageOnPort(port));) {
    port.postMessage(m.message + 1);
    if (notify) {
      // Only a blocked caller sleeps on the reply count; an async one hears the port.
      Atomics.add(ctl, 1, 1);
      Atomics.notify(ctl, 1);
    }
  }
}
