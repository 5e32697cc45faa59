/**
 * Which parameter and return types cannot cross a thread. Arguments and results are
 * copied with the structured clone algorithm, which rejects functions and symbols,
 * and copies an object's own data but not its prototype, so a class instance arrives
 * without its methods. The checker knows each marked function's types, so these are
 * compile errors instead of a DataCloneError (or a missing method) at run time.
 */
import type * as ts from "typescript";
import type { Context } from "./context.cjs";
import { finding, type Finding } from "./diagnostics.cjs";
import { BUFFER_VIEWS } from "./nodes.cjs";

/** Built-in objects structured clone copies whole (with their contents checked, where they have any). */
const CLONEABLE = new Set([
  "Date",
  "RegExp",
  "Map",
  "ReadonlyMap",
  "Set",
  "ReadonlySet",
  "Array",
  "ReadonlyArray",
  "ArrayBuffer",
  "SharedArrayBuffer",
  ...BUFFER_VIEWS,
  "Blob",
  "File",
  "Error",
  "EvalError",
  "RangeError",
  "ReferenceError",
  "SyntaxError",
  "TypeError",
  "URIError",
  "AggregateError",
  "Boolean",
  "Number",
  "String",
  "BigInt",
]);

/** Built-ins that look like data to the checker but that structured clone rejects. */
const REJECTED: ReadonlyMap<string, string> = new Map([
  ["Promise", "a Promise (pass the value it resolves to)"],
  ["WeakMap", "a WeakMap"],
  ["WeakSet", "a WeakSet"],
  ["WeakRef", "a WeakRef"],
  ["FinalizationRegistry", "a FinalizationRegistry"],
]);

const MAX_DEPTH = 6;

/** Node's Buffer, and the names @types/node gives what its functions return (`readFileSync`: NonSharedBuffer). */
const BUFFERS = new Set(["Buffer", "NonSharedBuffer", "AllowSharedBuffer"]);

/**
 * Why values of `type` cannot be structured-cloned, or undefined when they can (or nobody can tell).
 * `inside`: the value is part of another (a property, an element, a Map's entry), not the argument
 * or result itself.
 */
export function whyNotCloneable(
  ctx: Context,
  type: ts.Type,
  depth = 0,
  seen = new Set<ts.Type>(),
  inside = false,
): string | undefined {
  const { ts, checker } = ctx;
  if (depth > MAX_DEPTH || seen.has(type)) return undefined;
  seen.add(type);
  const f = type.flags;
  if (f & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.Never | ts.TypeFlags.TypeParameter)) return undefined;
  if (f & ts.TypeFlags.ESSymbolLike) return "a symbol";
  if (type.isUnion()) {
    for (const t of type.types) {
      const why = whyNotCloneable(ctx, t, depth + 1, seen, inside);
      if (why !== undefined) return why;
    }
    return undefined;
  }
  // An intersection is one object: its merged properties decide (`{ in?: Fn } & { in?: undefined }`
  // has an `in` that is undefined). With a primitive in it, it is a branded primitive.
  const intersection = type.isIntersection();
  if (intersection && type.types.some((t) => !(t.flags & ts.TypeFlags.Object))) return undefined;
  if (!intersection && !(f & ts.TypeFlags.Object)) return undefined; // primitives, literals, enums, null, undefined, void
  if (type.getCallSignatures().length > 0 || type.getConstructSignatures().length > 0) return "a function";

  const symbol = intersection ? undefined : (type.aliasSymbol ?? type.getSymbol());
  const name = symbol?.getName();
  if (name !== undefined && isFromLibrary(ctx, symbol!)) {
    const rejected = REJECTED.get(name);
    if (rejected !== undefined) return rejected;
    // Structured clone copies a Buffer as a plain Uint8Array (its `toString("utf8")` then gives
    // "104,105"); the runtime makes one a Buffer again only as an argument or result of its own.
    if (BUFFERS.has(name)) {
      if (!inside) return undefined;
      return "a Buffer inside other data, which would arrive as a plain Uint8Array without Buffer's methods (pass it as an argument or result of its own, or copy it into one: `new Uint8Array(buf)`)";
    }
    if (CLONEABLE.has(name)) {
      for (const arg of typeArguments(ts, checker, type)) {
        const why = whyNotCloneable(ctx, arg, depth + 1, seen, true);
        if (why !== undefined) return `a ${name} holding ${why}`;
      }
      return undefined;
    }
  }
  if (checker.isTupleType(type) || checker.isArrayType(type)) {
    for (const arg of typeArguments(ts, checker, type)) {
      const why = whyNotCloneable(ctx, arg, depth + 1, seen, true);
      if (why !== undefined) return `an array holding ${why}`;
    }
    return undefined;
  }
  const props = type.getProperties();
  // Methods first: they say what the object is (a class instance, a Response) better
  // than whatever one of its properties turns out to hold.
  const owner = name !== undefined && name !== "__type" && name !== "__object" ? `${name} ` : "";
  for (const prop of props) {
    const decl = prop.valueDeclaration ?? prop.declarations?.[0];
    const isMethod = decl !== undefined && (ts.isMethodDeclaration(decl) || ts.isMethodSignature(decl));
    if (isMethod || checker.getTypeOfSymbol(prop).getCallSignatures().length > 0) {
      return `an object with methods or function properties (${owner}has '${prop.getName()}'), which would arrive without them`;
    }
    if (decl !== undefined && (ts.isGetAccessorDeclaration(decl) || ts.isSetAccessorDeclaration(decl))) {
      return `an object with accessors ('${prop.getName()}'), which would arrive as plain data or not at all`;
    }
  }
  for (const prop of props) {
    const why = whyNotCloneable(ctx, checker.getTypeOfSymbol(prop), depth + 1, seen, true);
    if (why !== undefined) return `an object whose property '${prop.getName()}' is ${why}`;
  }
  // `Record<string, Buffer>`, `{ [path: string]: Buffer }`: what its keys hold.
  for (const info of checker.getIndexInfosOfType(type)) {
    const why = whyNotCloneable(ctx, info.type, depth + 1, seen, true);
    if (why !== undefined) return `an object whose values are ${why}`;
  }
  return undefined;
}

function typeArguments(ts: typeof import("typescript"), checker: ts.TypeChecker, type: ts.Type): readonly ts.Type[] {
  const isReference = ((type as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference) !== 0;
  return isReference ? checker.getTypeArguments(type as ts.TypeReference) : [];
}

/** Declared by the compiler's lib files or by a package (@types/node), not by the user. */
function isFromLibrary(ctx: Context, symbol: ts.Symbol): boolean {
  return (symbol.declarations ?? []).some((d) => {
    const sf = d.getSourceFile();
    return (
      ctx.program.isSourceFileDefaultLibrary(sf) ||
      ctx.program.isSourceFileFromExternalLibrary(sf) ||
      sf.isDeclarationFile
    );
  });
}

/** Findings for each parameter and for the return value of a marked function. */
export function uncloneableSignature(
  ctx: Context,
  fn: ts.ArrowFunction | ts.FunctionExpression | ts.FunctionDeclaration | ts.MethodDeclaration,
  fnName: string,
): Finding[] {
  const { ts, checker } = ctx;
  const findings: Finding[] = [];
  const signature = checker.getSignatureFromDeclaration(fn);
  if (signature === undefined) return findings;
  for (const param of fn.parameters) {
    if (ts.isIdentifier(param.name) && param.name.text === "this") continue; // reported as TS77006 when used
    const type = checker.getTypeAtLocation(param);
    const why = whyNotCloneable(ctx, type);
    if (why !== undefined) {
      findings.push(
        finding("uncloneableType", param, {
          fn: fnName,
          what: `parameter '${param.name.getText()}'`,
          type: checker.typeToString(type),
          why,
        }),
      );
    }
  }
  const declared = checker.getReturnTypeOfSignature(signature);
  const returned = checker.getAwaitedType(declared) ?? declared;
  const why = whyNotCloneable(ctx, returned);
  if (why !== undefined) {
    findings.push(
      finding("uncloneableType", fn.type ?? fn, {
        fn: fnName,
        what: "return value",
        type: checker.typeToString(returned),
        why,
      }),
    );
  }
  return findings;
}
