// A cancelled CPU call finishes while the main thread is busy; its grace timer then
// fires before its reply (and the reply of the call behind it) is read.
import { configure } from "tamed";
import { cpu } from "../define.mjs";
configure({ maxThreads: 1 });
const spin = cpu("spin", (ms) => { const end = Date.now() + ms; while (Date.now() < end); return ms; });
for (let i = 0; i < 20; i++) await spin(0); // measured short: calls pipeline
const a = spin(100);             // runs
const b = spin(0);               // innocent: waits behind a at the same worker
const busy = (ms) => { const end = Date.now() + ms; while (Date.now() < end); };
busy(30);                        // a has begun
console.log("cancel a:", a.cancel("stop"));
busy(600);                       // main thread busy past graceMs (250); a and b finish meanwhile
const [ra, rb] = await Promise.allSettled([a, b]);
console.log("a:", ra.status, ra.status === "rejected" ? ra.reason.name : ra.value);
console.log("b:", rb.status, rb.status === "rejected" ? `${rb.reason.name}: ${rb.reason.message}` : rb.value);
