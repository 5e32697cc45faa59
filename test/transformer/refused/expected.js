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
// What each form refuses at extraction: a marker without a function literal, an
// unmarked function given to a taker, a marked declaration or method that is not async,
// a decorator on an instance method.
import { makeAsync, runAsync, tamed } from "tamed";
function plain(x) {
    return x;
}
export const notALiteral = makeAsync(plain, { v: 1, name: "notALiteral", refused: ["input.ts:10:38 - error TS77003: makeAsync() needs a function literal (an arrow function or a function expression) to move to a worker thread, but got 'plain'. Write the function inline: makeAsync((x: number) => compute(x)), where compute is imported or declared at module level."] });
export const unmarked = () => runAsync(plain, 1);
/** @tamed */
export function notAsync(x) {
    return x;
}
let C = (() => {
    let _staticExtraInitializers = [];
    let _instanceExtraInitializers = [];
    let _static_notAsyncMethod_decorators;
    let _instance_decorators;
    return class C {
        static {
            const _metadata = typeof Symbol === "function" && Symbol.metadata ? Object.create(null) : void 0;
            _instance_decorators = [makeAsync];
            _static_notAsyncMethod_decorators = [tamed({ v: 1, name: "C.notAsyncMethod", refused: ["input.ts:26:10 - error TS77008: 'C.notAsyncMethod' is marked @tamed but is not async: a call will return a task (a Promise), so its declared return type would lie. Declare it 'static async notAsyncMethod(...)', or use the wrapper form: export const notAsyncMethod = tamed((...) => ...), whose type says it returns an AsyncTask."] })];
            __esDecorate(this, null, _static_notAsyncMethod_decorators, { kind: "method", name: "notAsyncMethod", static: true, private: false, access: { has: obj => "notAsyncMethod" in obj, get: obj => obj.notAsyncMethod }, metadata: _metadata }, null, _staticExtraInitializers);
            __esDecorate(this, null, _instance_decorators, { kind: "method", name: "instance", static: false, private: false, access: { has: obj => "instance" in obj, get: obj => obj.instance }, metadata: _metadata }, null, _instanceExtraInitializers);
            if (_metadata) Object.defineProperty(this, Symbol.metadata, { enumerable: true, configurable: true, writable: true, value: _metadata });
            __runInitializers(this, _staticExtraInitializers);
        }
        async instance() {
            return 1;
        }
        static notAsyncMethod() {
            return 2;
        }
        constructor() {
            __runInitializers(this, _instanceExtraInitializers);
        }
    };
})();
export { C };
