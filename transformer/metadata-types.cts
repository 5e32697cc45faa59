/**
 * tsc's serialization of a decorated declaration's types into the values of its `design:*`
 * records (typeSerializer.ts in TypeScript), as source text: its rules for type syntax, and for
 * a type's name the checker's own verdict (its emit resolver's serialization kind: a class is
 * itself, an interface `Object`, an enum `Number` or `String`). decorator-metadata.cts places
 * the records; test/unit/decorator-metadata.test.mjs compares them with tsc's own output.
 */
import type * as ts from "typescript";
import type { Context } from "./context.cjs";
import { isStatic } from "./nodes.cjs";

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

export interface EmitResolver {
  getTypeReferenceSerializationKind(typeName: ts.EntityName, location?: ts.Node): number;
}

/**
 * The emit resolver tsc serializes with: internal to TypeScript 5.9 and 6 (where the main
 * thread runs tsc's output), absent from TypeScript 7's adapter (where it does not).
 */
export function emitResolver(ctx: Context, sf: ts.SourceFile): EmitResolver | undefined {
  const checker = ctx.checker as ts.TypeChecker & {
    getEmitResolver?(sf: ts.SourceFile, token: undefined, skipDiagnostics: boolean): EmitResolver;
  };
  return typeof checker.getEmitResolver === "function" ? checker.getEmitResolver(sf, undefined, true) : undefined;
}

/**
 * The value of a type written as a keyword or a literal, or of a kind of type syntax, by its
 * SyntaxKind's name (the numbers differ between TypeScript versions): tsc's fixed answers.
 */
const FIXED: Readonly<Record<string, string>> = {
  VoidKeyword: "void 0",
  UndefinedKeyword: "void 0",
  NeverKeyword: "void 0",
  FunctionType: "Function",
  ConstructorType: "Function",
  ArrayType: "Array",
  TupleType: "Array",
  BooleanKeyword: "Boolean",
  TemplateLiteralType: "String",
  StringKeyword: "String",
  NumberKeyword: "Number",
  BigIntKeyword: "BigInt",
  SymbolKeyword: "Symbol",
  // Literal types' literals.
  StringLiteral: "String",
  NoSubstitutionTemplateLiteral: "String",
  NumericLiteral: "Number",
  BigIntLiteral: "BigInt",
  TrueKeyword: "Boolean",
  FalseKeyword: "Boolean",
};

export class Serializer {
  readonly #ts: typeof ts;
  readonly #sf: ts.SourceFile;
  readonly #resolver: EmitResolver;
  readonly #checker: ts.TypeChecker;
  readonly #fixed: ReadonlyMap<number, string>;
  readonly #strictNullChecks: boolean;
  /** The type names written as values (a class, or a name the checker cannot place): the worker needs their declarations. */
  readonly named: ts.Identifier[] = [];

  constructor(ctx: Context, sf: ts.SourceFile, resolver: EmitResolver) {
    this.#ts = ctx.ts;
    this.#sf = sf;
    this.#resolver = resolver;
    this.#checker = ctx.checker;
    const kinds = ctx.ts.SyntaxKind as unknown as Record<string, number>;
    this.#fixed = new Map(Object.entries(FIXED).map(([kind, value]) => [kinds[kind]!, value]));
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
    const fixed = this.#fixed.get(node.kind);
    if (fixed !== undefined) return fixed;
    switch (node.kind) {
      case K.TypePredicate:
        return (node as ts.TypePredicateNode).assertsModifier !== undefined ? "void 0" : "Boolean";
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
    if (ts.isPrefixUnaryExpression(node)) return this.#literal(node.operand as ts.LiteralTypeNode["literal"]);
    return this.#fixed.get(node.kind) ?? "void 0"; // null
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
    if (kind === 1) {
      // A global of the program's own declaring (`declare global { class Gadget }`, set by a
      // polyfill): tsc names it as it is; read so that where nothing set it, as on a worker
      // that does not load the polyfill, the class still loads.
      const text = entityText(ts, node.typeName);
      return ts.isIdentifier(node.typeName) && this.#ambient(node.typeName)
        ? `(typeof ${text} === "undefined" ? void 0 : ${text})`
        : text;
    }
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

  /** Whether a name is only declared (`declare global`, a declaration file): no code of the program's own defines it. */
  #ambient(name: ts.Identifier): boolean {
    const ts = this.#ts;
    const decls = this.#checker.getSymbolAtLocation(name)?.declarations ?? [];
    return decls.length > 0 && decls.every((d) => d.getSourceFile().isDeclarationFile || declared(ts, d));
  }
}

function entityText(ts: typeof import("typescript"), name: ts.EntityName): string {
  return ts.isIdentifier(name) ? name.text : `${entityText(ts, name.left)}.${name.right.text}`;
}

export function firstIdentifier(ts: typeof import("typescript"), name: ts.EntityName): ts.Identifier {
  return ts.isIdentifier(name) ? name : firstIdentifier(ts, name.left);
}

export function isThis(ts: typeof import("typescript"), p: ts.ParameterDeclaration): boolean {
  return ts.isIdentifier(p.name) && p.name.text === "this";
}

/** A rest parameter's element type: `T[]` or `Array<T>`'s T. */
function restElement(ts: typeof import("typescript"), type: ts.TypeNode | undefined): ts.TypeNode | undefined {
  if (type === undefined) return undefined;
  if (ts.isArrayTypeNode(type)) return type.elementType;
  if (ts.isTypeReferenceNode(type) && type.typeArguments?.length === 1) return type.typeArguments[0];
  return undefined;
}

export function firstConstructor(
  ts: typeof import("typescript"),
  c: ts.ClassLikeDeclaration,
): ts.ConstructorDeclaration | undefined {
  return c.members.find((m): m is ts.ConstructorDeclaration => ts.isConstructorDeclaration(m) && m.body !== undefined);
}

/** A member's name as a key, where it is written out (`x`, `"x"`, `1`, `["x"]`); undefined for a computed one. */
function memberName(ts: typeof import("typescript"), m: ts.ClassElement): string | undefined {
  let n: ts.Node | undefined = m.name;
  if (n !== undefined && ts.isComputedPropertyName(n)) n = n.expression;
  if (n === undefined) return undefined;
  if (ts.isIdentifier(n) || ts.isStringLiteralLike(n) || ts.isNumericLiteral(n) || ts.isPrivateIdentifier(n))
    return ts.isComputedPropertyName(m.name!) && ts.isIdentifier(n) ? undefined : n.text;
  return undefined;
}

/** The get and set accessors of `node`'s name, static or not as it is. */
export function accessors(
  ts: typeof import("typescript"),
  container: ts.ClassLikeDeclaration,
  node: ts.AccessorDeclaration,
): {
  getter: ts.GetAccessorDeclaration | undefined;
  setter: ts.SetAccessorDeclaration | undefined;
  first: ts.AccessorDeclaration | undefined;
} {
  const name = memberName(ts, node);
  // A name computed at run time pairs with nothing (as tsc has it): the accessor is alone.
  const pair: ts.AccessorDeclaration[] =
    name === undefined
      ? [node]
      : container.members.filter(
          (m): m is ts.AccessorDeclaration =>
            (ts.isGetAccessorDeclaration(m) || ts.isSetAccessorDeclaration(m)) &&
            memberName(ts, m) === name &&
            isStatic(ts, m) === isStatic(ts, node),
        );
  return {
    getter: pair.find(ts.isGetAccessorDeclaration),
    setter: pair.find(ts.isSetAccessorDeclaration),
    first: pair.find((m) => hasDecorators(ts, m)),
  };
}

export function hasDecorators(ts: typeof import("typescript"), node: ts.Node): boolean {
  return ts.canHaveDecorators(node) && (ts.getDecorators(node)?.length ?? 0) > 0;
}

/** Whether a declaration is in an ambient context: it or a declaration around it says `declare`. */
function declared(ts: typeof import("typescript"), d: ts.Node): boolean {
  for (let n: ts.Node | undefined = d; n !== undefined && !ts.isSourceFile(n); n = n.parent)
    if (ts.canHaveModifiers(n) && (ts.getModifiers(n) ?? []).some((m) => m.kind === ts.SyntaxKind.DeclareKeyword))
      return true;
  return false;
}
