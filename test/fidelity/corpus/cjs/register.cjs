// What a CommonJS project using tsconfig "paths" does at run time (tsconfig-paths'
// register, in a few lines): map "@corpus/..." to the built lib folder.
// `node --require ./register.cjs`.
const Module = require("node:module");
const path = require("node:path");

const lib = path.join(__dirname, "out", "lib");
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return resolve.call(this, request.startsWith("@corpus/") ? path.join(lib, request.slice(8)) : request, ...rest);
};
