// `/** @tamed */` and `/** @makeAsync */` on function declarations: at module level kept
// whole (an anonymous default export as it stands), nested only the declaration; the
// comment may sit on an overload signature.
const SUFFIX = "!";

/** @tamed */
export function shout(...__tamed_args) { return (__tamed_shout_1 ??= __tamed_rt.tamed(async function shout(msg: string): Promise<string> {
  return msg.toUpperCase() + SUFFIX;
}, { v: 1, name: "shout", module: "./__tamed__/input.shout.mjs", base: import.meta.url }))(...__tamed_args); } var __tamed_shout_1;

/**
 * Adds.
 * @makeAsync
 */
export function add(...__tamed_args) { return (__tamed_add_2 ??= __tamed_rt.makeAsync(async function add(a: number, b: number): Promise<number> {
  return a + b;
}, { v: 1, name: "add", module: "./__tamed__/input.add.mjs", base: import.meta.url }))(...__tamed_args); } var __tamed_add_2;

/** @tamed */
export async function pad(s: string): Promise<string>;
export function pad(...__tamed_args) { return (__tamed_pad_3 ??= __tamed_rt.tamed(async function pad(s: string, n?: number): Promise<string> {
  return s.padStart(n ?? 4);
}, { v: 1, name: "pad", module: "./__tamed__/input.pad.mjs", base: import.meta.url }))(...__tamed_args); } var __tamed_pad_3;

export function outer(): (x: number) => unknown {
  /** @tamed */
  function inner(...__tamed_args) { return (__tamed_inner_4 ??= __tamed_rt.tamed(async function inner(x: number): Promise<number> {
    return x * 2;
  }, { v: 1, name: "inner", module: "./__tamed__/input.inner.mjs", base: import.meta.url }))(...__tamed_args); } var __tamed_inner_4;
  return inner;
}

/** @tamed */
export default function (...__tamed_args) { return (__tamed_default_5 ??= __tamed_rt.tamed(async function (x: number): Promise<number> {
  return x + 1;
}, { v: 1, name: "default", module: "./__tamed__/input.default.mjs", base: import.meta.url }))(...__tamed_args); } var __tamed_default_5;

import * as __tamed_rt from "tamed";
