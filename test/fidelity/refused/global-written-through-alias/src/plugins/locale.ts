// A plugin that only the entry imports, finding the global object the way UMD bundles and
// lodash do (a worker never loads it).
const freeGlobal = typeof global == "object" && global && global.Object === Object && global;
const root = freeGlobal || Function("return this")();
root.GREETING = "hej";
