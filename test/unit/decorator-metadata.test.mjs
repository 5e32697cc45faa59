// transformer/decorator-metadata.cts, differentially: one source with decorated classes of
// every type shape tsc's serializer distinguishes, compiled by tsc with emitDecoratorMetadata
// and, with the edits this module gives, by esbuild (as worker modules are); both run with
// reflect-metadata, and every record read back must be the same.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";

const require = createRequire(import.meta.url);
const ROOT = join(import.meta.dirname, "..", "..");
const esbuild = require("esbuild");
const { createContext } = require("../../dist/transformer/context.cjs");
const { metadataEdits } = require("../../dist/transformer/decorator-metadata.cjs");
const { editedSource } = require("../../dist/transformer/emit/module-source.cjs");

const SOURCE = `
import "reflect-metadata";
const d: any = () => {};
const p: any = () => {};
export class Base {}
export class Other {}
export interface Shape { x: number }
export type Alias = { y: string };
export type Text = string;
export type Fn = () => void;
export enum Num { A, B }
export enum Str { A = "a" }
export namespace NS { export class Inner {} }
// Missing is not declared anywhere: tsc's fallback reads it at run time.
// @ts-ignore
type Gone = Missing;

@d
export class Shapes {
  constructor(a: string, b: Other, @p c: Shape | null, ...rest: number[]) {}
  @d s1!: string;
  @d s2!: number;
  @d s3!: boolean;
  @d s4!: bigint;
  @d s5!: symbol;
  @d s6!: void;
  @d s7!: undefined;
  @d s8!: never;
  @d s9!: null;
  @d s10!: any;
  @d s11!: unknown;
  @d s12!: object;
  @d l1!: "a";
  @d l2!: 1;
  @d l3!: -1;
  @d l4!: 1n;
  @d l5!: true;
  @d u1!: string | null;
  @d u2!: string | undefined;
  @d u3!: "a" | "b";
  @d u4!: 1 | 2;
  @d u5!: string | number;
  @d u6!: Other | null;
  @d u7!: never | string;
  @d u8!: unknown | string;
  @d u9!: any | string;
  @d u10!: Base | Other;
  @d i1!: Base & Other;
  @d i2!: string & { brand: 1 };
  @d a1!: string[];
  @d a2!: [number, string];
  @d a3!: readonly string[];
  @d a4!: Array<string>;
  @d a5!: ReadonlyArray<string>;
  @d f1!: () => void;
  @d f2!: new () => Base;
  @d r1!: Promise<number>;
  @d r2!: Date;
  @d r3!: Map<string, number>;
  @d r4!: Uint8Array;
  @d r5!: RegExp;
  @d e1!: Num;
  @d e2!: Str;
  @d e3!: Num.A;
  @d t1!: Shape;
  @d t2!: Alias;
  @d t3!: Text;
  @d t4!: Fn;
  @d t5!: NS.Inner;
  @d t6!: Gone;
  @d t7!: \`id-\${number}\`;
  @d t8!: keyof Shape;
  @d t9!: this;
  @d t10!: typeof Base;
  @d t11!: (string);
  @d t12!: Missing2;
  @d c1!: Shape extends Base ? string : number;
  @d c2!: Shape extends Base ? Base : Other;
  @d o1?: string;
  @d untyped: any;
  @d m1(x: number, y?: string): void {}
  @d m2(this: Shapes, x: Other): Other { return x; }
  @d async m3() {}
  @d async *m4() {}
  @d m5(v: unknown): v is string { return true; }
  m6(@p x: number, ...rest: Array<Base>) {}
  @d m7(...rest: string[]): asserts this is Shapes {}
  @d get g1(): number { return 1; }
  set g1(v: number) {}
  get g2(): string { return ""; }
  @d set g2(v: string) {}
  @d get g3() { return 1; }
  @d static st(x: Base): Base { return x; }
  @d static sp: Num;
  @d 42?: string;
  @d 7(x: Other): void {}
  @d get ["lit"](): string { return ""; }
  @d set ["lit"](v: string) {}
}

export class Plain {
  constructor(@p x: Base) {}
}

export class NoCtor {
  @d x!: Other;
}

@d
export class NoConstructor {}

export class Generic<T> {
  @d v!: T;
  @d m<U>(u: U, t: T): U { return u; }
}
`;

/** The members' names, from the source (fields declared with `!` are no own properties of anything). */
const MEMBERS = [
  "lit",
  ...new Set(
    [...SOURCE.matchAll(/^\s*(?:@\w+\s+)?(?:static\s+|async\s+\*?|get\s+|set\s+)*(\w+)\s*[!?(:<]/gm)].map((m) => m[1]),
  ),
];

/** Every record on the module's classes and their members, by class and member. */
const DUMP = `const MEMBERS = ${JSON.stringify(MEMBERS)};
const name = (v) => Array.isArray(v) ? v.map(name) : typeof v === "function" ? v.name : String(v);
const out = {};
for (const [cls, C] of Object.entries(mod)) {
  if (typeof C !== "function") continue;
  const keys = [undefined, ...MEMBERS];
  for (const [where, target] of [["static", C], ["proto", C.prototype]])
    for (const k of keys)
      for (const mk of Reflect.getOwnMetadataKeys(target, k))
        out[cls + " " + where + " " + String(k) + " " + mk] = name(Reflect.getOwnMetadata(mk, target, k));
}
console.log(JSON.stringify(out, null, 1));
`;

function run(dir, file) {
  writeFileSync(join(dir, `${file}.run.mjs`), `import * as mod from "./${file}.mjs";\n${DUMP}`);
  const r = spawnSync(process.execPath, [join(dir, `${file}.run.mjs`)], { encoding: "utf8", cwd: ROOT });
  assert.is(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

for (const [version, ts] of [
  ["6", require("typescript")],
  ["5.9", require("typescript5")],
]) {
  test(`the records written for esbuild are tsc's own, shape by shape (TypeScript ${version})`, () => {
    // Inside the repository, so that the outputs find reflect-metadata in its node_modules.
    const dir = mkdtempSync(join(ROOT, "test", "unit", ".tmp-metadata-"));
    try {
      const file = join(dir, "shapes.ts");
      writeFileSync(file, SOURCE);
      const options = {
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        strict: true,
        experimentalDecorators: true,
        emitDecoratorMetadata: true,
        useDefineForClassFields: false,
        skipLibCheck: true,
        types: [],
      };
      const program = ts.createProgram([file], options);
      let tscOut = "";
      program.emit(undefined, (name, text) => {
        if (name.endsWith(".js")) tscOut = text;
      });
      writeFileSync(join(dir, "tsc.mjs"), tscOut);
      const sf = program.getSourceFile(file);
      const edits = metadataEdits({ ...createContext(ts, program), tscEmit: true }, sf);
      assert.ok(edits.length > 20, `${edits.length} edits`);
      const built = esbuild.transformSync(editedSource(sf, edits), {
        loader: "ts",
        format: "esm",
        target: "es2022",
        tsconfigRaw: { compilerOptions: { experimentalDecorators: true, useDefineForClassFields: false } },
      });
      writeFileSync(join(dir, "esbuild.mjs"), built.code);
      const fromTsc = run(dir, "tsc");
      assert.ok(Object.keys(fromTsc).length > 80, `tsc recorded ${Object.keys(fromTsc).length}`);
      assert.equal(run(dir, "esbuild"), fromTsc);
    } finally {
      if (!process.env.KEEP) rmSync(dir, { recursive: true, force: true });
    }
  });
}

test.run();
