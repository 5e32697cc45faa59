"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
Object.defineProperty(exports, "__esModule", { value: true });
exports.where = void 0;
exports.twice = twice;
exports.main = main;
const __tamed_1 = __importStar(require("tamed"));
// CommonJS output: the descriptor's base is __filename, __dirname names the main thread's
// folder in the worker, and each form is emitted as in an ES module otherwise.
const tamed_1 = require("tamed");
const path = __importStar(require("node:path"));
const DATA = path.join(__dirname, "data.txt");
exports.where = (0, tamed_1.makeAsync)(() => `${DATA} ${__filename}`, { v: 1, name: "where", module: "./__tamed__/input.where.mjs", base: __filename });
/** @tamed */
function twice(...args_1) {
    return (__tamed_twice_1 ??= __tamed_1.tamed(async function twice(x) {
        return x * 2;
    }, { v: 1, name: "twice", module: "./__tamed__/input.twice.mjs", base: __filename }))(...args_1);
}
var __tamed_twice_1;
async function main() {
    return (0, tamed_1.runAsync)(__tamed_1.makeAsync((x) => x + 1, { v: 1, name: "the function given to runAsync() in main", module: "./__tamed__/input.runAsync.main.mjs", base: __filename }), 41);
}
