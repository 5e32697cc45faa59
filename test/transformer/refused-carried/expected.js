var __runInitializers = (this && this.__runInitializers) || function (thisArg, initializers, value) {
    var useValue = arguments.length > 2;
    for (var i = 0; i < initializers.length; i++) {
        value = useValue ? initializers[i].call(thisArg, value) : initializers[i].call(thisArg);
    }
    return useValue ? value : void 0;
};
var __esDecorate = (this && this.__esDecorate) || function (ctor, descriptorIn, decorators, contextIn, initializers, extraInitializers) {
    function accept(f) { if (f !== void 0 && typeof f !== "function") throw new TypeError("Function expected"); return f; }
    var kind = contextIn.kind, key = kind === "getter" ? "get" : kind === "setter" ? "set" : "value";
    var target = !descriptorIn && ctor ? contextIn["static"] ? ctor : ctor.prototype : null;
    var descriptor = descriptorIn || (target ? Object.getOwnPropertyDescriptor(target, contextIn.name) : {});
    var _, done = false;
    for (var i = decorators.length - 1; i >= 0; i--) {
        var context = {};
        for (var p in contextIn) context[p] = p === "access" ? {} : contextIn[p];
        for (var p in contextIn.access) context.access[p] = contextIn.access[p];
        context.addInitializer = function (f) { if (done) throw new TypeError("Cannot add initializers after decoration has completed"); extraInitializers.push(accept(f || null)); };
        var result = (0, decorators[i])(kind === "accessor" ? { get: descriptor.get, set: descriptor.set } : descriptor[key], context);
        if (kind === "accessor") {
            if (result === void 0) continue;
            if (result === null || typeof result !== "object") throw new TypeError("Object expected");
            if (_ = accept(result.get)) descriptor.get = _;
            if (_ = accept(result.set)) descriptor.set = _;
            if (_ = accept(result.init)) initializers.unshift(_);
        }
        else if (_ = accept(result)) {
            if (kind === "field") initializers.unshift(_);
            else descriptor[key] = _;
        }
    }
    if (target) Object.defineProperty(target, contextIn.name, descriptor);
    done = true;
};
import * as __tamed_1 from "tamed";
// What the analysis refuses after extraction, in each form: the stub stays, and its
// descriptor quotes the findings (`refused`) in place of a worker module.
import { makeAsync, runAsync } from "tamed";
export function scaler(factor) {
    return makeAsync((x) => x * factor, { v: 1, name: "scaler", refused: ["input.ts:6:47 - error TS77001: scaler uses 'factor', a local variable of the enclosing scope (declared at input.ts:5:24); a worker thread cannot see it. Pass it as an argument instead: add a parameter 'factor' to the function given to makeAsync() and pass the value when you call scaler."] });
}
export function adder(n) {
    /** @tamed */
    function add(...args_1) {
        return (__tamed_add_1 ??= __tamed_1.tamed(async function add(x) {
            return x + n;
        }, { v: 1, name: "add", refused: ["input.ts:12:16 - error TS77001: add uses 'n', a local variable of the enclosing scope (declared at input.ts:9:23); a worker thread cannot see it. Pass it as an argument instead: add a parameter 'n' to the function given to tamed() and pass the value when you call add."] }))(...args_1);
    }
    var __tamed_add_1;
    return add;
}
/** @makeAsync */
export function receiver(...args_2) {
    return (__tamed_receiver_1 ??= __tamed_1.makeAsync(async function receiver(x) {
        return this.base + x;
    }, { v: 1, name: "receiver", refused: ["input.ts:19:10 - error TS77006: receiver uses 'this', the object it would be called on; no object crosses to the worker thread with the call. Pass what you need from it as an argument."] }))(...args_2);
}
var __tamed_receiver_1;
let Jobs = (() => {
    let _staticExtraInitializers = [];
    let _static_apply_decorators;
    return class Jobs {
        static {
            const _metadata = typeof Symbol === "function" && Symbol.metadata ? Object.create(null) : void 0;
            _static_apply_decorators = [makeAsync({ v: 1, name: "Jobs.apply", refused: ["input.ts:24:22 - error TS77007: Jobs.apply's parameter 'f' has type '(x: number) => number', which cannot be copied to or from a worker thread: it is a function. Pass plain data instead (primitives, plain objects and arrays, Map, Set, Date, typed arrays, Error), and rebuild richer objects on the other side."] })];
            __esDecorate(this, null, _static_apply_decorators, { kind: "method", name: "apply", static: true, private: false, access: { has: obj => "apply" in obj, get: obj => obj.apply }, metadata: _metadata }, null, _staticExtraInitializers);
            if (_metadata) Object.defineProperty(this, Symbol.metadata, { enumerable: true, configurable: true, writable: true, value: _metadata });
            __runInitializers(this, _staticExtraInitializers);
        }
        static async apply(f, x) {
            return f(x);
        }
    };
})();
export { Jobs };
export function sumWith(n) {
    return runAsync(__tamed_1.makeAsync((x) => x + n, { v: 1, name: "the function given to runAsync() in sumWith", refused: ["input.ts:30:38 - error TS77001: the function given to runAsync() in sumWith uses 'n', a local variable of the enclosing scope (declared at input.ts:29:25); a worker thread cannot see it. Pass it as an argument instead: add a parameter 'n' to the function and give the value to runAsync() after it."] }), 1);
}
