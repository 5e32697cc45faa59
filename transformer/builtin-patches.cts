/**
 * Built-ins of the language that a file no worker loads patches as it loads.
 *
 * Each thread has its own built-ins: `BigInt.prototype.toJSON = ...` (as Prisma apps do, so
 * that JSON.stringify takes their ids), `Array.prototype.sum = ...`, `Error.stackTraceLimit =
 * 50` in an app's entry, or in a setup file only the entry imports, change the main thread's. A
 * worker's are as Node made them, so a marked function that uses the patch computes another
 * answer there (or throws: "Do not know how to serialize a BigInt"). Loading such a file on
 * workers by itself would run what only the main thread should (the entry), so the build says
 * where to move or import it instead (TS77015), as package-setup.cts does for packages and
 * global-writes.cts for globals.
 *
 * Checked: the top-level statements that patch a built-in (a sure write rooted at a name the
 * default library declares, or at a `const` naming one: effects-binding.cts; directly, or in a
 * function the statement calls) in the files of the same program as the marked function's file
 * (programs.cts), for the functions whose carried code uses what is patched: reads it as a
 * member (`.sum`, `["sum"]`: not a local named `sum`), or without naming it (`JSON.stringify`
 * for `toJSON`, `.stack` for `stackTraceLimit`). A polyfill that one module imports for itself
 * does not refuse the app's other functions, which never use it. A patch whose key is not
 * written out, or one the language calls by itself (`toString`, `valueOf`, a well-known
 * symbol), counts for every function. Not files with markers, as for packages: what one
 * patches beside its functions is for those.
 *
 * Not carried to workers instead, though a statement that needs nothing of its file could run
 * there too: the review of a version that did (helper-66) found that such a patch must run once
 * per thread (a thread loads many worker modules), after what the main thread ran before it,
 * and only where every entry that runs the function loads its file (a script's patch is not the
 * server's); that version ran it per module, first, for every entry of the project.
 */
import type * as ts from "typescript";
import type { Carry } from "./carry.cjs";
import { mayRun } from "./carry-setup.cjs";
import type { Context } from "./context.cjs";
import { finding, type Finding } from "./diagnostics.cjs";
import type { EffectAnalysis } from "./effects.cjs";
import { unloaded } from "./import-advice.cjs";
import { skipOuter } from "./nodes.cjs";
import type { Programs } from "./programs.cjs";
import { escapeRegExp, wordsPattern } from "./text-patterns.cjs";

interface Patch {
  /** The top-level statement that patches, and where the write is (in it, or in a function it calls). */
  readonly statement: ts.Statement;
  readonly at: ts.Node;
  /** What code that uses the patch names (undefined: any code may use it). */
  readonly users: RegExp | undefined;
}

/**
 * How code reads a member without naming it, by the member: a pattern for the code that does
 * (JSON.stringify calls `toJSON`; an error's `stack` is cut at `stackTraceLimit` frames).
 */
const READ_THROUGH: Readonly<Record<string, string>> = {
  toJSON: String.raw`JSON\s*\.\s*stringify(?![\w$])`,
  stackTraceLimit: String.raw`\.\s*stack(?![\w$])`,
  prepareStackTrace: String.raw`\.\s*stack(?![\w$])`,
};
/** Members the language itself calls (conversions, iteration, `instanceof`): any code may use a patch of them. */
const CALLED_BY_THE_LANGUAGE = /^(?:toString|valueOf|toLocaleString|constructor|\[Symbol\..*\])$/;

export class BuiltinPatches {
  /** The patches of each file checked, in statement order. */
  readonly #patches = new Map<ts.SourceFile, readonly Patch[]>();

  constructor(
    readonly ctx: Context,
    readonly effects: EffectAnalysis,
    /** Files with markers. */
    readonly sliced: ReadonlySet<ts.SourceFile>,
    readonly programs: Programs,
  ) {}

  /** The statements outside the worker's files, in the program of `fnFile`, that patch a built-in its code uses. */
  check(carry: Carry, fnName: string, fnFile: ts.SourceFile): Finding[] {
    const findings: Finding[] = [];
    let carried: string[] | undefined;
    for (const sf of this.programs.of(fnFile)) {
      if (carry.kept.has(sf) || carry.whole.has(sf) || this.sliced.has(sf)) continue;
      for (const { statement, at, users } of this.#of(sf)) {
        carried ??= carriedTexts(carry);
        const named = users === undefined ? undefined : firstMatch(users, carried);
        if (users !== undefined && named === undefined) continue;
        const what = describePatch(this.ctx.ts, at);
        const args = { fn: fnName, what, named, unloaded: unloaded(this.effects.graph, this.ctx.cwd, sf, fnFile) };
        const related = [{ node: at, message: `This patches '${what}'.` }];
        findings.push(finding("builtinNotLoaded", statement, args, related));
      }
    }
    return findings;
  }

  #of(sf: ts.SourceFile): readonly Patch[] {
    let out = this.#patches.get(sf);
    if (out !== undefined) return out;
    const { ts } = this.ctx;
    const found: Patch[] = [];
    for (const s of sf.statements) {
      if (ts.isImportDeclaration(s) || ts.isExportDeclaration(s) || ts.isImportEqualsDeclaration(s)) continue;
      if (!mayRun(ts, s)) continue; // a function declaration patches when called, at its call
      const at = this.effects.ofStatement(s).builtin;
      if (at !== undefined) found.push({ statement: s, at, users: usersOf(ts, at) });
    }
    this.#patches.set(sf, (out = found));
    return out;
  }
}

/**
 * What a write patches, as the source names it: the assignment's target (`BigInt.prototype.toJSON`),
 * or the object and key a built-in writes (`Object.defineProperty(Array.prototype, "sum", ...)`:
 * `Array.prototype.sum`); cut to one short line.
 */
function describePatch(ts: typeof import("typescript"), at: ts.Node): string {
  let text = at.getText();
  if (ts.isBinaryExpression(at)) text = at.left.getText();
  else if (ts.isPrefixUnaryExpression(at) || ts.isPostfixUnaryExpression(at)) text = at.operand.getText();
  else if (ts.isDeleteExpression(at)) text = at.expression.getText();
  else if (ts.isCallExpression(at) && at.arguments[0] !== undefined) {
    const key = at.arguments[1] === undefined ? undefined : skipOuter(ts, at.arguments[1]);
    text = at.arguments[0].getText() + (key !== undefined && ts.isStringLiteralLike(key) ? `.${key.text}` : "");
  }
  const line = text.split("\n")[0]!;
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}

/** What code that uses the patch at `at` names: the keys it writes, or what reads them (undefined: anything may). */
function usersOf(ts: typeof import("typescript"), at: ts.Node): RegExp | undefined {
  const patched = keysPatched(ts, at);
  if (patched === undefined) return undefined;
  if (patched.global !== undefined) return wordsPattern([patched.global]);
  if (patched.members.some((k) => CALLED_BY_THE_LANGUAGE.test(k))) return undefined;
  // A member read as one: `xs.total()`, `xs?.total`, `xs["total"]`; not a local named `total`.
  const named = patched.members.map((k) => {
    const e = escapeRegExp(k);
    return String.raw`\??\.\s*${e}(?![\w$])|\[\s*["'\`]${e}["'\`]\s*\]`;
  });
  const through = patched.members.flatMap((k) => READ_THROUGH[k] ?? []);
  return new RegExp([...named, ...through].join("|"));
}

/**
 * What a patch writes: the property names (`toJSON` of `BigInt.prototype.toJSON = ...`, `sum` of
 * `Object.defineProperty(A, "sum", ...)`), or a built-in's own name (`Promise = Bluebird`).
 */
function keysPatched(
  ts: typeof import("typescript"),
  at: ts.Node,
): { readonly members: string[]; readonly global?: undefined } | { readonly global: string } | undefined {
  const target = ts.isBinaryExpression(at)
    ? at.left
    : ts.isPrefixUnaryExpression(at) || ts.isPostfixUnaryExpression(at)
      ? at.operand
      : ts.isDeleteExpression(at)
        ? at.expression
        : undefined;
  if (target !== undefined) {
    const t = skipOuter(ts, target);
    if (ts.isIdentifier(t)) return { global: t.text }; // `Promise = Bluebird`
    if (ts.isPropertyAccessExpression(t) && ts.isIdentifier(t.name)) return { members: [t.name.text] };
    if (ts.isElementAccessExpression(t)) {
      const k = skipOuter(ts, t.argumentExpression);
      if (ts.isStringLiteralLike(k)) return { members: [k.text] };
      if (ts.isPropertyAccessExpression(k) && ts.isIdentifier(k.expression) && k.expression.text === "Symbol")
        return { members: [`[Symbol.${k.name.text}]`] };
    }
    return undefined;
  }
  if (!ts.isCallExpression(at)) return undefined;
  // Object.defineProperty(target, "key", ...), Reflect.set(target, "key", ...); Object.assign(target, { a, b }).
  const [, second] = at.arguments;
  const v = second === undefined ? undefined : skipOuter(ts, second);
  if (v === undefined) return undefined;
  if (ts.isStringLiteralLike(v)) return { members: [v.text] };
  if (!ts.isObjectLiteralExpression(v)) return undefined;
  const keys: string[] = [];
  for (const p of v.properties) {
    const name = p.name;
    if (name === undefined || !(ts.isIdentifier(name) || ts.isStringLiteralLike(name))) return undefined;
    keys.push(name.text);
  }
  return { members: keys };
}

/** The texts of the code a worker of the function runs: the statements kept of each file with markers, every file loaded whole. */
function carriedTexts(carry: Carry): string[] {
  const out: string[] = [];
  for (const statements of carry.kept.values()) for (const s of statements) out.push(s.getText());
  for (const sf of carry.whole) out.push(sf.text);
  return out;
}

/** The first text `pattern` finds in `texts`, if any. */
function firstMatch(pattern: RegExp, texts: readonly string[]): string | undefined {
  for (const t of texts) {
    const m = pattern.exec(t);
    if (m !== null) return m[0].replace(/^\??\.\s*|^\[\s*["'`]|["'`]\s*\]$/g, "");
  }
  return undefined;
}
