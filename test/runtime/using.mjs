// Programs that use `using` / `await using`: Node 20 cannot parse them, so they are
// compiled the way tsc compiles them for a target without the syntax (its own
// __addDisposableResource / __disposeResources helpers, SuppressedError included).
import ts from "typescript";
import { program } from "./harness.mjs";

/** program() for a source with `using` declarations, downlevelled by TypeScript. */
export function usingProgram(source, options) {
  const js = ts.transpileModule(source, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
  }).outputText;
  return program(js, options);
}
