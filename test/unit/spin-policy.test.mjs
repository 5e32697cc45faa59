// runtime/worker/spin-policy.ts: whether a worker out of calls watches for the next one
// before it sleeps, from how its recent watches ended.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { PROBE_EVERY, SpinPolicy } from "../../dist/runtime/worker/spin-policy.js";

/** `n` runs of calls; each watch the policy asks for ends as `saw(i)` says. What watch() said each time. */
function runs(policy, n, saw) {
  const said = [];
  for (let i = 0; i < n; i++) {
    const w = policy.watch();
    said.push(w);
    if (w) policy.ended(saw(i));
  }
  return said;
}
const always = () => true;
const never = () => false;

test("a new worker watches: the first calls, awaited one after another, find it awake", () => {
  assert.ok(new SpinPolicy().watch());
});

test("watches that see calls keep the worker watching after every run of calls", () => {
  assert.ok(runs(new SpinPolicy(), 200, always).every(Boolean));
});

test("watches that see nothing stop the watching within a few of them", () => {
  const said = runs(new SpinPolicy(), 40, never);
  const stopped = said.indexOf(false);
  assert.ok(stopped > 0 && stopped <= 8, `stopped after ${stopped} empty watches`);
});

test(`stopped, it still watches once every ${PROBE_EVERY} runs of calls, and no more while those see nothing`, () => {
  const p = new SpinPolicy();
  runs(p, 40, never);
  const said = runs(p, PROBE_EVERY * 10, never);
  const probes = said.flatMap((w, i) => (w ? [i] : []));
  assert.is(probes.length, 10);
  probes.slice(1).forEach((at, k) => assert.is(at - probes[k], PROBE_EVERY, `probe ${k + 1} at run ${at}`));
});

test("the first probe that sees a call has it watch after every run again", () => {
  const p = new SpinPolicy();
  runs(p, 40, never);
  const said = runs(p, PROBE_EVERY * 4, always);
  const probe = said.indexOf(true);
  assert.ok(probe >= 0 && probe < PROBE_EVERY, `probed at run ${probe}`);
  assert.ok(said.slice(probe).every(Boolean), "every run after it watched");
});

test("watches that mostly see calls keep it watching; ones that mostly see none leave only the probes", () => {
  /** The share of the last 200 of 400 runs followed by a watch, when `seen(k)` says how watch k ends. */
  const share = (seen) => {
    const p = new SpinPolicy();
    let k = 0;
    for (let i = 0; i < 200; i++) if (p.watch()) p.ended(seen(k++));
    let watched = 0;
    for (let i = 0; i < 200; i++) if (p.watch()) (watched++, p.ended(seen(k++)));
    return watched / 200;
  };
  assert.is(share(always), 1, "every watch saw a call");
  assert.is(
    share((k) => k % 4 !== 0),
    1,
    "3 watches in 4 did",
  );
  assert.ok(share((k) => k % 8 === 0) < 0.4, "1 in 8 did");
  assert.is(share(never), 1 / PROBE_EVERY, "none did");
});

test.run();
