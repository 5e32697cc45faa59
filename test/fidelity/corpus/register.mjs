// What a project using tsconfig "paths" does at run time (tsc does not rewrite the
// specifiers): map "@corpus/..." to the built lib folder. `node --import ./register.mjs`.
import { register } from "node:module";

const lib = new URL("./out/lib/", import.meta.url).href;
register(
  "data:text/javascript," +
    encodeURIComponent(`export async function resolve(specifier, context, next) {
      return next(specifier.startsWith("@corpus/") ? ${JSON.stringify(lib)} + specifier.slice(8) : specifier, context);
    }`),
);
