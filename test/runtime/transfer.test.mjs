// transfer(): a marked buffer is moved to the worker by the call it is given to, and only
// by a call on the pool.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { program, shown } from "./harness.mjs";

const FUNCTIONS = `
  import { configure, transfer } from "tamed";
  import { cpu } from "./define.mjs";
  const add = cpu("add", (a, b) => a + b);
  const sum = cpu("sum", (bytes, extra) => bytes.reduce((a, b) => a + b, extra));
`;

test("transfer() moves a buffer also when another argument of the call is an Unfuture", () => {
  const r = program(`${FUNCTIONS}
    const buf = new Uint8Array(1024).fill(1);
    const total = sum(transfer(buf), add(1, 1)).wait();
    console.log("moved:", buf.byteLength === 0, "| result:", total);
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "moved: true | result: 1026\n", shown(r));
});

test("a buffer marked with transfer() for a call in inline mode is not moved by a later call on the pool", () => {
  const r = program(`${FUNCTIONS}
    const kept = new Uint8Array(8).fill(1);
    configure({ inline: true });
    const inline = sum(transfer(kept), 0).wait();
    configure({ inline: false });
    const pooled = sum(kept, 0).wait();
    console.log(inline, pooled, "| length after both:", kept.byteLength);
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "8 8 | length after both: 8\n", shown(r));
});

test("a transferred MessagePort reaches its call when the call waits first: at a thread still starting, behind calls at a busy worker, in the queue", () => {
  const r = program(`
    import { configure, transfer } from "tamed";
    import { cpu, io } from "./define.mjs";
    import { MessageChannel, receiveMessageOnPort } from "node:worker_threads";
    configure({ maxThreads: 1 });
    const viaPort = io("viaPort", async (port, n) => { port.postMessage(n); port.close(); return n; });
    const cpuViaPort = cpu("cpuViaPort", (port, n) => { port.postMessage(n); port.close(); return n; });
    const busy = cpu("busy", (ms) => { const end = Date.now() + ms; while (Date.now() < end); return ms; });
    const call = async (f, n) => {
      const { port1, port2 } = new MessageChannel();
      const t = f(transfer(port2), n);
      const out = await t.then((v) => "ok " + v, (e) => "FAILED " + e.message);
      const heard = receiveMessageOnPort(port1)?.message;
      port1.close();
      return out + (heard === n ? " heard" : " not heard");
    };
    console.log("to a thread still starting:", await call(viaPort, 1));
    const held = [viaPort, viaPort].map((f, i) => call(f, 10 + i)); // the second waits behind the first at the one host
    console.log("behind a call at a busy worker:", (await Promise.all(held)).join(", "));
    const b = busy(50);
    console.log("queued behind a CPU-bound call:", await call(cpuViaPort, 3));
    await b;
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(
    r.stdout,
    "to a thread still starting: ok 1 heard\nbehind a call at a busy worker: ok 10 heard, ok 11 heard\nqueued behind a CPU-bound call: ok 3 heard\n",
    shown(r),
  );
});

test.run();
