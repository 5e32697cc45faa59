/**
 * The ways a function is marked, as one discriminated union: each form's file finds it
 * (its extraction), and each emitter of stubs has one `case` per form, in an exhaustive
 * switch. A new form is a new file here, its line in index.cts, and the cases the
 * compiler then asks for (see `unreachable`).
 */
import type * as ts from "typescript";
import type { Context } from "../context.cjs";
import type { Finding } from "../diagnostics.cjs";
import type { MarkerKind, Taker } from "../markers.cjs";
import type { WorkerEntry } from "../emit/module-source.cjs";

export type FunctionLiteral = ts.ArrowFunction | ts.FunctionExpression;

/**
 * How a function is marked. `site` is the node the stub emitters rewrite, and where
 * messages about the function point.
 */
export type Form =
  /** `makeAsync(fn)` or `tamed(fn)` (call.cts): the marker call, its first argument the function. */
  | { readonly kind: "call"; readonly site: ts.CallExpression; readonly fn: FunctionLiteral }
  /** `scope.spawn((x) => ..., 1)` (literal.cts): the literal given to runAsync / submit / map / spawn. */
  | { readonly kind: "literal"; readonly site: FunctionLiteral; readonly taker: Taker }
  /** `/** @tamed *\/ async function f() {}` (declaration.cts): the declaration with the body. */
  | { readonly kind: "declaration"; readonly site: ts.FunctionDeclaration }
  /** `@makeAsync static async m() {}` (method.cts): the decorator, on its method. */
  | { readonly kind: "method"; readonly site: ts.Decorator; readonly method: ts.MethodDeclaration };

/** What a form's extraction finds of one marked function, before anything is carried. */
export interface Extracted {
  readonly form: Form;
  readonly marker: MarkerKind;
  /** The name it is declared under, for messages and stacks. */
  readonly name: string;
  /** What messages call the marker: the marker, or the function the literal is given to (spawn). */
  readonly markedBy: string;
  /** The function itself. */
  readonly fn: FunctionLiteral | ts.FunctionDeclaration | ts.MethodDeclaration;
  /** Top-level statements kept whole (the `const f = marker(...)` statement, the class of a method), if any. */
  readonly roots: readonly ts.Statement[];
  readonly entry: WorkerEntry;
  /** What its worker file is named after (the analysis makes it unique in its file: `f`, `f_2`). */
  readonly key: string;
  /** The name the stub is called by (a call of it starts work), if it has one. */
  readonly stubName?: ts.Node | undefined;
  /**
   * `const f = makeAsync(...)` at module level: the marker call, its callee (dropped from the
   * worker when nothing there uses `f`) and the stub's name.
   */
  readonly unwrap?:
    { readonly call: ts.CallExpression; readonly callee: ts.Identifier; readonly stub: ts.Identifier } | undefined;
}

type SiteOf<F> = F extends Form ? Pick<F, "kind" | "site"> : never;

/** A form as the stub emitters see it: its kind, and the node they rewrite. */
export type StubForm = SiteOf<Form>;

/**
 * A marked function refused at extraction, when it still has a marker call for its stub to
 * say so (docs/contract.md, "A function the build refused").
 */
export interface Refused {
  readonly form: StubForm;
  readonly marker: MarkerKind;
  /** The name it is declared under, for messages and stacks. */
  readonly name: string;
}

/**
 * A marked function; or what is wrong with one (and its stub, when it has a marker call to
 * carry that); or undefined: the node is not of this form, or there is nothing to extract.
 */
export type Extraction = Extracted | { readonly problem: Finding; readonly refused?: Refused | undefined } | undefined;

/** One form's extraction: looks at any node of a file that may hold markers. */
export type Extract = (ctx: Context, node: ts.Node) => Extraction;

/** The default of an exhaustive switch over forms: a form without its case makes `form` not `never`, a compile error. */
export function unreachable(form: never): never {
  throw new Error(`tamed: no case for the marker form ${JSON.stringify((form as { kind?: unknown }).kind)}`);
}

export function isAsync(ts: typeof import("typescript"), node: ts.Node): boolean {
  return (
    (ts.canHaveModifiers(node) && ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)) ?? false
  );
}

/**
 * The name a marked function goes by: the variable or property it is assigned to,
 * else the nearest named function around it (`return makeAsync(...)` in `hasher`).
 */
export function declaredName(ts: typeof import("typescript"), call: ts.CallExpression): string {
  for (let n: ts.Node = call.parent; !ts.isSourceFile(n); n = n.parent) {
    if (
      (ts.isVariableDeclaration(n) ||
        ts.isPropertyAssignment(n) ||
        ts.isPropertyDeclaration(n) ||
        ts.isFunctionDeclaration(n) ||
        ts.isMethodDeclaration(n)) &&
      n.name !== undefined &&
      ts.isIdentifier(n.name)
    ) {
      return n.name.text;
    }
  }
  return "anonymous";
}
