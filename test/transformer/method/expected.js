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
// `@makeAsync` / `@tamed` on a static async method of a class declared at module level:
// the worker module carries the class and exports Class.method.
import { makeAsync, tamed } from "tamed";
const SCALE = 2;
let Images = (() => {
    let _staticExtraInitializers = [];
    let _static_thumbnail_decorators;
    let _static_later_decorators;
    return class Images {
        static {
            const _metadata = typeof Symbol === "function" && Symbol.metadata ? Object.create(null) : void 0;
            _static_thumbnail_decorators = [makeAsync({ v: 1, name: "Images.thumbnail", module: "./__tamed__/input.Images.thumbnail.mjs", base: import.meta.url })];
            _static_later_decorators = [tamed({ v: 1, name: "Images.later", module: "./__tamed__/input.Images.later.mjs", base: import.meta.url })];
            __esDecorate(this, null, _static_thumbnail_decorators, { kind: "method", name: "thumbnail", static: true, private: false, access: { has: obj => "thumbnail" in obj, get: obj => obj.thumbnail }, metadata: _metadata }, null, _staticExtraInitializers);
            __esDecorate(this, null, _static_later_decorators, { kind: "method", name: "later", static: true, private: false, access: { has: obj => "later" in obj, get: obj => obj.later }, metadata: _metadata }, null, _staticExtraInitializers);
            if (_metadata) Object.defineProperty(this, Symbol.metadata, { enumerable: true, configurable: true, writable: true, value: _metadata });
        }
        static made = (__runInitializers(this, _staticExtraInitializers), 0);
        static async thumbnail(png, width) {
            return [png.length, width * SCALE, Images.helper()];
        }
        static async later(ms) {
            return `slept ${ms}`;
        }
        static helper() {
            return 7;
        }
    };
})();
export { Images };
console.log("top level: stays on the main thread");
