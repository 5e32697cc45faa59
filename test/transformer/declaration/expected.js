import * as __tamed_1 from "tamed";
// `/** @tamed */` and `/** @makeAsync */` on function declarations: at module level kept
// whole (an anonymous default export as it stands), nested only the declaration; the
// comment may sit on an overload signature.
const SUFFIX = "!";
/** @tamed */
export function shout(...args_1) {
    return (__tamed_shout_1 ??= __tamed_1.tamed(async function shout(msg) {
        return msg.toUpperCase() + SUFFIX;
    }, { v: 1, name: "shout", module: "./__tamed__/input.shout.mjs", base: import.meta.url }))(...args_1);
}
var __tamed_shout_1;
/**
 * Adds.
 * @makeAsync
 */
export function add(...args_2) {
    return (__tamed_add_1 ??= __tamed_1.makeAsync(async function add(a, b) {
        return a + b;
    }, { v: 1, name: "add", module: "./__tamed__/input.add.mjs", base: import.meta.url }))(...args_2);
}
var __tamed_add_1;
export function pad(...args_3) {
    return (__tamed_pad_1 ??= __tamed_1.tamed(async function pad(s, n) {
        return s.padStart(n ?? 4);
    }, { v: 1, name: "pad", module: "./__tamed__/input.pad.mjs", base: import.meta.url }))(...args_3);
}
var __tamed_pad_1;
export function outer() {
    /** @tamed */
    function inner(...args_4) {
        return (__tamed_inner_1 ??= __tamed_1.tamed(async function inner(x) {
            return x * 2;
        }, { v: 1, name: "inner", module: "./__tamed__/input.inner.mjs", base: import.meta.url }))(...args_4);
    }
    var __tamed_inner_1;
    return inner;
}
/** @tamed */
export default function (...args_5) {
    return (__tamed_default_1 ??= __tamed_1.tamed(async function (x) {
        return x + 1;
    }, { v: 1, name: "default", module: "./__tamed__/input.default.mjs", base: import.meta.url }))(...args_5);
}
var __tamed_default_1;
