// A generated TypeScript project of about a thousand modules, to time tamed/esbuild
// against esbuild alone (bench/build.mjs). Shaped like an application: 50 shared
// utility modules, and 19 feature folders of 50 modules, each importing the previous
// module of its folder and one utility; every module has functions, a class, a lookup
// table and a type. With `markers`, that many feature folders' module number `depth`
// also marks a function (makeAsync) that calls into its imports, and main.ts calls each.
// The depth decides how much a marked function's module imports, and so how much the
// analysis reads: module 5 imports 5 modules of its folder and their utilities; module
// 49, the folder's 49 others.
//   node bench/esbuild/generate.mjs <dir> [markers] [depth]
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const UTILS = 50;
const FEATURES = 19;
const PER_FEATURE = 50;

function moduleText(name, deps, marked) {
  const lines = [];
  if (marked) lines.push(`import { makeAsync } from "tamed";`);
  for (const d of deps) lines.push(`import { h_${d.name}, T_${d.name}, type Shape_${d.name} } from "${d.spec}";`);
  lines.push(
    ``,
    `export interface Shape_${name} { readonly id: number; readonly name: string; readonly tags: readonly string[] }`,
    `export const T_${name}: readonly number[] = Array.from({ length: 16 }, (_, k) => (k * ${name.length + 7}) % 251);`,
    ``,
    `export function h_${name}(x: number): number {`,
    `  return (x * 31 + ${name.length}) % 1000003;`,
    `}`,
    ``,
    `export function f_${name}(x: number): number {`,
    `  let acc = x;`,
    ...deps.map((d) => `  acc = (acc + h_${d.name}(acc % 97) + T_${d.name}[acc % 16]!) % 1000003;`),
    `  return acc;`,
    `}`,
    ``,
    `export class C_${name} {`,
    `  readonly #items: Shape_${name}[] = [];`,
    `  add(item: Shape_${name}): this {`,
    `    this.#items.push(item);`,
    `    return this;`,
    `  }`,
    `  total(): number {`,
    `    return this.#items.reduce((s, it) => s + it.id + f_${name}(it.name.length), 0);`,
    `  }`,
    `}`,
    ...deps.map(
      (d) =>
        `export function convert_${name}_${d.name}(s: Shape_${d.name}): Shape_${name} {\n  return { id: s.id * 2, name: s.name.toUpperCase(), tags: [...s.tags, "${name}"] };\n}`,
    ),
  );
  if (marked)
    lines.push(
      ``,
      `export const work_${name} = makeAsync((n: number): number => {`,
      `  let s = 0;`,
      `  for (let k = 0; k < n; k++) s = (s + f_${name}(k)) % 1000003;`,
      `  return s;`,
      `});`,
    );
  return lines.join("\n") + "\n";
}

export function generate(dir, markers = 0, depth = 5) {
  rmSync(join(dir, "src"), { recursive: true, force: true });
  rmSync(join(dir, "dist"), { recursive: true, force: true });
  mkdirSync(join(dir, "src", "shared"), { recursive: true });
  for (let i = 0; i < UTILS; i++) {
    const deps = i === 0 ? [] : [{ name: `u${Math.floor(i / 2)}`, spec: `./u${Math.floor(i / 2)}.js` }];
    writeFileSync(join(dir, "src", "shared", `u${i}.ts`), moduleText(`u${i}`, deps, false));
  }
  const main = [];
  const calls = [];
  for (let k = 0; k < FEATURES; k++) {
    mkdirSync(join(dir, "src", `feature${k}`), { recursive: true });
    for (let j = 0; j < PER_FEATURE; j++) {
      const name = `f${k}m${j}`;
      const u = (k * 7 + j) % UTILS;
      const deps = [{ name: `u${u}`, spec: `../shared/u${u}.js` }];
      if (j > 0) deps.push({ name: `f${k}m${j - 1}`, spec: `./f${k}m${j - 1}.js` });
      const marked = j === depth && k < markers;
      writeFileSync(join(dir, "src", `feature${k}`, `${name}.ts`), moduleText(name, deps, marked));
    }
    const last = `f${k}m${PER_FEATURE - 1}`;
    const m = `f${k}m${depth}`;
    main.push(`import { f_${last} } from "./feature${k}/${last}.js";`);
    calls.push(`f_${last}(1)`);
    if (k < markers) {
      main.push(`import { work_${m} } from "./feature${k}/${m}.js";`);
      calls.push(`work_${m}(10).wait()`);
    }
  }
  main.push(`console.log(${calls.join(" + ")});`);
  writeFileSync(join(dir, "src", "main.ts"), main.join("\n") + "\n");
  const tsconfig = {
    compilerOptions: {
      target: "es2023",
      lib: ["es2023"],
      types: [],
      module: "nodenext",
      moduleResolution: "nodenext",
      strict: true,
      skipLibCheck: true,
      outDir: "out",
      rootDir: "src",
    },
    include: ["src"],
  };
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(tsconfig, null, 2) + "\n");
  writeFileSync(join(dir, "package.json"), JSON.stringify({ private: true, type: "module" }) + "\n");
}

if (process.argv[1] === new URL(import.meta.url).pathname)
  generate(process.argv[2], Number(process.argv[3] ?? 0), Number(process.argv[4] ?? 5));
