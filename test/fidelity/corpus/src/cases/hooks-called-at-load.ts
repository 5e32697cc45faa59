// Hooks kept in arrays and called as the module loads: an init list run by a loop (tapable's
// taps), a list run by forEach, and a ready() queue that a function fires. The worker must
// run the calls as well as the pushes, or it holds the hooks and none of what they built.
import { makeAsync } from "tamed";

const BUILT: string[] = [];

const INIT: Array<() => void> = [];
INIT.push(() => void BUILT.push("init"));
for (const f of INIT) f();

const EACH: Array<(tag: string) => void> = [(tag) => void BUILT.push(tag)];
EACH.forEach((f) => f("each"));

const queue: Array<(v: string) => void> = [];
function ready(cb: (v: string) => void): void {
  queue.push(cb);
}
ready((v) => BUILT.push(v));
function fire(): void {
  for (const cb of queue) cb("ready");
}
fire();

export const builtByHooks = makeAsync((extra: string): string => [...BUILT, extra].join(","));
