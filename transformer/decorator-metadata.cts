/**
 * The `design:*` metadata of legacy decorators, for worker modules: under
 * `emitDecoratorMetadata`, tsc's output records each decorated declaration's types
 * (`design:type`, `design:paramtypes`, `design:returntype`) through `Reflect.metadata`,
 * and what reads them (a DI container's constructor injection, TypeORM's column types,
 * class-transformer, NestJS pipes) computes with them. esbuild, which builds the worker
 * modules, emits none: on a worker those reads found nothing. So the same records are
 * written into the worker module's source as decorators of its own.
 *
 * The values follow tsc's serializer (typeSerializer.ts in TypeScript): its rules for type
 * syntax, and for a type's name the checker's own verdict (its emit resolver's
 * serialization kind: a class is itself, an interface `Object`, an enum `Number` or
 * `String`). Only where the main thread runs tsc's output: `tamed build` and the bundler
 * plugins compile with esbuild or the tool's own compiler, whose output has none either.
 *
 * Order: tsc applies the metadata before the declaration's own decorators and its
 * parameters' (it lists them last); esbuild lists parameters' decorators after the
 * declaration's, so where a parameter has decorators the metadata is written as
 * decorators of the last parameter, after its own, and otherwise after the declaration's.
 */
import type * as ts from "typescript";
import type { Context } from "./context.cjs";
import type { Edit } from "./emit/module-source.cjs";

/** TypeScript's TypeReferenceSerializationKind, in its order. */
const KIND_VALUES = [
  undefined, // Unknown: the name's value if it is a function at run time, else Object
  undefined, // TypeWithConstructSignatureAndValue: the name itself
  "void 0",
  "Number",
  "BigInt",
  "String",
  "Boolean",
  "Array",
  "Symbol",
  "Promise",
  "Function",
  "Object",
] as const;

interface EmitResolver {
  getTypeReferenceSerializationKind(typeName: ts.EntityName, location?: ts.Node): number;
}

/**
 * The emit resolver tsc serializes with: internal to TypeScript 5.9 and 6 (where the main
 * thread runs tsc's output), absent from TypeScript 7's adapter (where it does not).
 */
function emitResolver(ctx: Context, sf: ts.SourceFile): EmitResolver | undefined {
  const checker = ctx.checker as ts.TypeChecker & {
    getEmitResolver?(sf: ts.SourceFile, token: undefined, skipDiagnostics: boolean): EmitResolver;
  };
  return typeof checker.getEmitResolver === "function" ? checker.getEmitResolver(sf, undefined, true) : undefined;
}

/** Whether tsc's output of this program records decorator metadata. */
export function recordsMetadata(ctx: Context): boolean {
  return ctx.options.experimentalDecorators === true && ctx.options.emitDecoratorMetadata === true;
}

/** `Reflect.metadata(key, value)`, or a decorator that does nothing without reflect-metadata (as tsc's `__metadata`). */
function decorator(key: string, value: string): string {
  return `@(typeof Reflect === "object" && typeof Reflect.metadata === "function" ? Reflect.metadata(${JSON.stringify(key)}, ${value}) : () => {}) `;
}

class Serializer {
  readonly #ts: typeof ts;
  readonly #sf: ts.SourceFile;
  readonly #resolver: EmitResolver;
  readonly #strictNullChecks: boolean;
  /** The type names written as values (a class, or a name the checker cannot place): the worker needs their declarations. */
  readonly named: ts.Identifier[] = [];

  constructor(ctx: Context, sf: ts.SourceFile, resolver: EmitResolver) {
    this.#ts = ctx.ts;
    this.#sf = sf;
    this.#resolver = resolver;
    const o = ctx.options;
    const strict = (ctx.ts as { getStrictOptionValue?: (o: ts.CompilerOptions, k: string) => boolean })
      .getStrictOptionValue;
    this.#strictNullChecks =
      strict !== undefined ? strict(o, "strictNullChecks") : (o.strictNullChecks ?? o.strict ?? false);
  }

  /** design:type of a property, accessor or method. */
  typeOf(node: ts.ClassElement, container: ts.ClassLikeDeclaration): string {
    const ts = this.#ts;
    if (ts.isPropertyDeclaration(node)) return this.type(node.type);
    if (ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node)) {
      const { getter, setter } = accessors(ts, container, node);
      const setterType = setter?.parameters.find((p) => !isThis(ts, p))?.type;
      return this.type(setterType ?? getter?.type);
    }
    return ts.isMethodDeclaration(node) ? "Function" : "void 0";
  }

  /** design:paramtypes of a method, accessor or class (its first constructor with a body). */
  paramTypesOf(node: ts.ClassLikeDeclaration | ts.ClassElement, container: ts.ClassLikeDeclaration): string {
    const ts = this.#ts;
    let parameters: readonly ts.ParameterDeclaration[] = [];
    if (ts.isClassLike(node)) parameters = firstConstructor(ts, node)?.parameters ?? [];
    else if (ts.isGetAccessorDeclaration(node)) parameters = (accessors(ts, container, node).setter ?? node).parameters;
    else if (ts.isFunctionLike(node) && (node as ts.FunctionLikeDeclaration).body !== undefined)
      parameters = node.parameters;
    const types = parameters
      .filter((p, i) => !(i === 0 && isThis(ts, p)))
      .map((p) => (p.dotDotDotToken !== undefined ? this.type(restElement(ts, p.type)) : this.type(p.type)));
    return `[${types.join(", ")}]`;
  }

  /** design:returntype of a method. */
  returnTypeOf(node: ts.MethodDeclaration): string {
    const ts = this.#ts;
    if (node.type !== undefined) return this.type(node.type);
    const isAsync = (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
    return isAsync && node.body !== undefined && node.asteriskToken === undefined ? "Promise" : "void 0";
  }

  type(node: ts.TypeNode | undefined): string {
    const ts = this.#ts;
    const K = ts.SyntaxKind;
    if (node === undefined) return "Object";
    while (ts.isParenthesizedTypeNode(node)) node = node.type;
    switch (node.kind) {
      case K.VoidKeyword:
      case K.UndefinedKeyword:
      case K.NeverKeyword:
        return "void 0";
      case K.FunctionType:
      case K.ConstructorType:
        return "Function";
      case K.ArrayType:
      case K.TupleType:
        return "Array";
      case K.TypePredicate:
        return (node as ts.TypePredicateNode).assertsModifier !== undefined ? "void 0" : "Boolean";
      case K.BooleanKeyword:
        return "Boolean";
      case K.TemplateLiteralType:
      case K.StringKeyword:
        return "String";
      case K.NumberKeyword:
        return "Number";
      case K.BigIntKeyword:
        return "BigInt";
      case K.SymbolKeyword:
        return "Symbol";
      case K.LiteralType:
        return this.#literal((node as ts.LiteralTypeNode).literal);
      case K.TypeReference:
        return this.#reference(node as ts.TypeReferenceNode);
      case K.IntersectionType:
        return this.#constituents((node as ts.IntersectionTypeNode).types, true);
      case K.UnionType:
        return this.#constituents((node as ts.UnionTypeNode).types, false);
      case K.ConditionalType: {
        const c = node as ts.ConditionalTypeNode;
        return this.#constituents([c.trueType, c.falseType], false);
      }
      case K.TypeOperator: {
        const o = node as ts.TypeOperatorNode;
        return o.operator === K.ReadonlyKeyword ? this.type(o.type) : "Object";
      }
      default:
        return "Object";
    }
  }

  #literal(node: ts.LiteralTypeNode["literal"]): string {
    const ts = this.#ts;
    const K = ts.SyntaxKind;
    switch (node.kind) {
      case K.StringLiteral:
      case K.NoSubstitutionTemplateLiteral:
        return "String";
      case K.PrefixUnaryExpression:
        return this.#literal((node as ts.PrefixUnaryExpression).operand as ts.LiteralTypeNode["literal"]);
      case K.NumericLiteral:
        return "Number";
      case K.BigIntLiteral:
        return "BigInt";
      case K.TrueKeyword:
      case K.FalseKeyword:
        return "Boolean";
      default:
        return "void 0"; // null
    }
  }

  #constituents(types: readonly ts.TypeNode[], intersection: boolean): string {
    const ts = this.#ts;
    const K = ts.SyntaxKind;
    let serialized: string | undefined;
    for (let t of types) {
      while (ts.isParenthesizedTypeNode(t)) t = t.type;
      if (t.kind === K.NeverKeyword) {
        if (intersection) return "void 0";
        continue;
      }
      if (t.kind === K.UnknownKeyword) {
        if (!intersection) return "Object";
        continue;
      }
      if (t.kind === K.AnyKeyword) return "Object";
      const nullish = (ts.isLiteralTypeNode(t) && t.literal.kind === K.NullKeyword) || t.kind === K.UndefinedKeyword;
      if (!this.#strictNullChecks && nullish) continue;
      const one = this.type(t);
      if (one === "Object") return one;
      if (serialized === undefined) serialized = one;
      else if (serialized !== one) return "Object";
    }
    return serialized ?? "void 0";
  }

  #reference(node: ts.TypeReferenceNode): string {
    const ts = this.#ts;
    const location = ts.findAncestor(node, ts.isClassLike) ?? this.#sf;
    const kind = this.#resolver.getTypeReferenceSerializationKind(node.typeName, location);
    if (kind === 0 || kind === 1) this.named.push(firstIdentifier(ts, node.typeName));
    if (kind === 1) return entityText(ts, node.typeName);
    const value = KIND_VALUES[kind];
    if (value !== undefined) return value;
    // Unknown: Object inside a conditional type's branches, else the name's value when that is a function.
    const inBranch = ts.findAncestor(
      node,
      (n) =>
        n.parent !== undefined &&
        ts.isConditionalTypeNode(n.parent) &&
        (n.parent.trueType === n || n.parent.falseType === n),
    );
    if (inBranch !== undefined) return "Object";
    const parts = entityText(ts, node.typeName).split(".");
    const guards = [`typeof ${parts[0]} !== "undefined"`];
    for (let i = 2; i < parts.length; i++) guards.push(`${parts.slice(0, i).join(".")} !== void 0`);
    const read = parts.length === 1 ? parts[0] : parts.join(".");
    return `((v) => typeof v === "function" ? v : Object)(${guards.join(" && ")} && ${read})`;
  }
}

function entityText(ts: typeof import("typescript"), name: ts.EntityName): string {
  return ts.isIdentifier(name) ? name.text : `${entityText(ts, name.left)}.${name.right.text}`;
}

function firstIdentifier(ts: typeof import("typescript"), name: ts.EntityName): ts.Identifier {
  return ts.isIdentifier(name) ? name : firstIdentifier(ts, name.left);
}

function isThis(ts: typeof import("typescript"), p: ts.ParameterDeclaration): boolean {
  return ts.isIdentifier(p.name) && p.name.text === "this";
}

/** A rest parameter's element type: `T[]` or `Array<T>`'s T. */
function restElement(ts: typeof import("typescript"), type: ts.TypeNode | undefined): ts.TypeNode | undefined {
  if (type === undefined) return undefined;
  if (ts.isArrayTypeNode(type)) return type.elementType;
  if (ts.isTypeReferenceNode(type) && type.typeArguments?.length === 1) return type.typeArguments[0];
  return undefined;
}

function firstConstructor(
  ts: typeof import("typescript"),
  c: ts.ClassLikeDeclaration,
): ts.ConstructorDeclaration | undefined {
  return c.members.find((m): m is ts.ConstructorDeclaration => ts.isConstructorDeclaration(m) && m.body !== undefined);
}

function memberName(ts: typeof import("typescript"), m: ts.ClassElement): string | undefined {
  const n = m.name;
  if (n === undefined) return undefined;
  if (ts.isIdentifier(n) || ts.isStringLiteral(n) || ts.isNumericLiteral(n) || ts.isPrivateIdentifier(n)) return n.text;
  return undefined;
}

function isStatic(ts: typeof import("typescript"), m: ts.ClassElement): boolean {
  return (ts.getModifiers(m as ts.HasModifiers) ?? []).some((x) => x.kind === ts.SyntaxKind.StaticKeyword);
}

/** The get and set accessors of `node`'s name, static or not as it is. */
function accessors(
  ts: typeof import("typescript"),
  container: ts.ClassLikeDeclaration,
  node: ts.AccessorDeclaration,
): {
  getter: ts.GetAccessorDeclaration | undefined;
  setter: ts.SetAccessorDeclaration | undefined;
  first: ts.AccessorDeclaration | undefined;
} {
  const name = memberName(ts, node);
  const pair = container.members.filter(
    (m): m is ts.AccessorDeclaration =>
      (ts.isGetAccessorDeclaration(m) || ts.isSetAccessorDeclaration(m)) &&
      name !== undefined &&
      memberName(ts, m) === name &&
      isStatic(ts, m) === isStatic(ts, node),
  );
  return {
    getter: pair.find(ts.isGetAccessorDeclaration),
    setter: pair.find(ts.isSetAccessorDeclaration),
    first: pair.find((m) => hasDecorators(ts, m)),
  };
}

function hasDecorators(ts: typeof import("typescript"), node: ts.Node): boolean {
  return ts.canHaveDecorators(node) && (ts.getDecorators(node)?.length ?? 0) > 0;
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
      add(insertAt(ts, sf, m, undefined), [
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
