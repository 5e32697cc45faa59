/**
 * The `design:*` metadata of legacy decorators, for worker modules: under
 * `emitDecoratorMetadata`, tsc's output records each decorated declaration's types
 * (`design:type`, `design:paramtypes`, `design:returntype`) through `Reflect.metadata`,
 * and what reads them (a DI container's constructor injection, TypeORM's column types,
 * class-transformer, NestJS pipes) computes with them. esbuild, which builds the worker
 * modules, emits none: on a worker those reads found nothing. So the same records are
 * written into the worker module's source as decorators of its own.
 *
 * The values are tsc's (metadata-types.cts). Only where the main thread runs tsc's output
 * (Context.tscEmit): `tamed build` and the bundler plugins compile with esbuild or the tool's
 * own compiler (see the README's limits for SWC and ts-loader).
 *
 * Order: tsc applies the metadata before the declaration's own decorators and its
 * parameters' (it lists them last); esbuild lists parameters' decorators after the
 * declaration's, so where a parameter has decorators the metadata is written as
 * decorators of the last parameter, after its own, and otherwise after the declaration's.
 */
import type * as ts from "typescript";
import type { Context } from "./context.cjs";
import type { Edit } from "./emit/module-source.cjs";
import { accessors, emitResolver, firstConstructor, hasDecorators, isThis, Serializer } from "./metadata-types.cjs";

/** Whether the main thread's JavaScript of this program records decorator metadata: tsc's, under these options. */
export function recordsMetadata(ctx: Context): boolean {
  return (
    ctx.tscEmit === true && ctx.options.experimentalDecorators === true && ctx.options.emitDecoratorMetadata === true
  );
}

/**
 * A decorator recording `key` as `value` through `Reflect.metadata`, or doing nothing without
 * reflect-metadata (as tsc's `__metadata`). The key it is applied with is a string: esbuild
 * passes a numeric member name as a number (`42?: string`), which reflect-metadata's decorator
 * refuses, where tsc's `__decorate` hands it over as a string.
 */
function decorator(key: string, value: string): string {
  return `@((t, k) => { if (typeof Reflect === "object" && typeof Reflect.metadata === "function") Reflect.metadata(${JSON.stringify(key)}, ${value})(t, typeof k === "number" ? String(k) : k); }) `;
}

/** The parameters tsc applies decorators to: of a constructor, method or set accessor with a body. */
function decoratedParameters(ts: typeof import("typescript"), fn: ts.FunctionLikeDeclaration | undefined) {
  if (fn === undefined || fn.body === undefined) return [];
  if (!ts.isConstructorDeclaration(fn) && !ts.isMethodDeclaration(fn) && !ts.isSetAccessorDeclaration(fn)) return [];
  return fn.parameters.filter((p, i) => !(i === 0 && isThis(ts, p)) && hasDecorators(ts, p));
}

/**
 * Where the records go: after the last parameter's own decorators when a parameter has
 * decorators (esbuild then applies them first, as tsc does), else after the declaration's.
 */
function insertAt(
  ts: typeof import("typescript"),
  sf: ts.SourceFile,
  node: ts.HasDecorators,
  fn: ts.FunctionLikeDeclaration | undefined,
): number {
  if (decoratedParameters(ts, fn).length > 0) {
    const last = fn!.parameters[fn!.parameters.length - 1]!;
    const own = ts.getDecorators(last) ?? [];
    return own.length > 0 ? own[own.length - 1]!.getEnd() : last.getStart(sf);
  }
  const own = ts.getDecorators(node) ?? [];
  return own.length > 0 ? own[own.length - 1]!.getEnd() : node.getStart(sf);
}

/** The records of one class and its members, each with where it goes. */
function classRecords(ts: typeof import("typescript"), sf: ts.SourceFile, c: ts.ClassDeclaration, s: Serializer) {
  const records: { at: number; decorators: string[] }[] = [];
  const add = (at: number, decorators: string[]): void => void records.push({ at, decorators });
  const ctor = firstConstructor(ts, c);
  if ((hasDecorators(ts, c) || decoratedParameters(ts, ctor).length > 0) && ctor !== undefined)
    add(insertAt(ts, sf, c, ctor), [decorator("design:paramtypes", s.paramTypesOf(c, c))]);
  for (const m of c.members) {
    if (m.name !== undefined && ts.isPrivateIdentifier(m.name)) continue;
    if (ts.isPropertyDeclaration(m)) {
      if (hasDecorators(ts, m)) add(insertAt(ts, sf, m, undefined), [decorator("design:type", s.typeOf(m, c))]);
    } else if (ts.isMethodDeclaration(m)) {
      if (m.body === undefined || !(hasDecorators(ts, m) || decoratedParameters(ts, m).length > 0)) continue;
      add(insertAt(ts, sf, m, m), [
        decorator("design:type", s.typeOf(m, c)),
        decorator("design:paramtypes", s.paramTypesOf(m, c)),
        decorator("design:returntype", s.returnTypeOf(m)),
      ]);
    } else if (ts.isGetAccessorDeclaration(m) || ts.isSetAccessorDeclaration(m)) {
      // One record for the pair, on the first of them with decorators of its own.
      if (m.body === undefined || accessors(ts, c, m).first !== m) continue;
      add(insertAt(ts, sf, m, ts.isSetAccessorDeclaration(m) ? m : undefined), [
        decorator("design:type", s.typeOf(m, c)),
        decorator("design:paramtypes", s.paramTypesOf(m, c)),
      ]);
    }
  }
  return records;
}

function serializer(ctx: Context, sf: ts.SourceFile): Serializer | undefined {
  if (!recordsMetadata(ctx)) return undefined;
  const resolver = emitResolver(ctx, sf);
  return resolver === undefined ? undefined : new Serializer(ctx, sf, resolver);
}

/**
 * Edits that give a worker module's copy of `sf` the decorator metadata tsc's output of
 * it records: none unless the program records metadata, and none for a file without
 * decorated class declarations (checked from the text first: most files have no `@`).
 */
export function metadataEdits(ctx: Context, sf: ts.SourceFile): Edit[] {
  const { ts } = ctx;
  const s = sf.text.includes("@") ? serializer(ctx, sf) : undefined;
  if (s === undefined) return [];
  const edits: Edit[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isClassDeclaration(node))
      for (const r of classRecords(ts, sf, node, s))
        edits.push({ start: r.at, end: r.at, text: ` ${r.decorators.join("")}` });
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return edits;
}

/**
 * The names a class's records read as values (`[Formatter, Config]`): named in types
 * only, their imports and declarations would be left out of a sliced file (carry-walk.cts).
 */
export function metadataNames(ctx: Context, c: ts.ClassLikeDeclaration): readonly ts.Identifier[] {
  const { ts } = ctx;
  if (!ts.isClassDeclaration(c)) return [];
  const sf = c.getSourceFile();
  const s = serializer(ctx, sf);
  if (s === undefined) return [];
  classRecords(ts, sf, c, s);
  return s.named;
}
