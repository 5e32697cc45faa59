// A generated TypeScript project of about a thousand modules, to time tamed/esbuild
// against esbuild alone (bench/build.mjs): modules that import two earlier ones, each
// with functions, a class, a lookup table and a type; `markers` of them also mark a
// function (makeAsync) that calls into their imports.
//   node bench/esbuild/generate.mjs <dir> <files> <markers>
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export function generate(dir, files = 1000, markers = 0) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "src", "lib"), { recursive: true });
  const marked = new Set(Array.from({ length: markers }, (_, k) => Math.floor(((k + 1) * files) / (markers + 1))));
  for (let i = 0; i < files; i++) {
    const deps = i === 0 ? [] : [...new Set([i - 1, Math.floor(i / 2)])];
    const lines = [];
    if (marked.has(i)) lines.push(`import { makeAsync } from "tamed";`);
    for (const d of deps) lines.push(`import { h${d}, T${d}, type Shape${d} } from "./m${d}.js";`);
    lines.push(
      ``,
      `export interface Shape${i} { readonly id: number; readonly name: string; readonly tags: readonly string[] }`,
      `export const T${i}: readonly number[] = Array.from({ length: 16 }, (_, k) => (k * ${i + 7}) % 251);`,
      ``,
      `export function h${i}(x: number): number {`,
      `  return (x * ${i + 31} + 17) % 1000003;`,
      `}`,
      ``,
      `export function f${i}(x: number): number {`,
      `  let acc = x + ${i};`,
      ...deps.map((d) => `  acc = (acc + h${d}(acc % 97) + T${d}[acc % 16]!) % 1000003;`),
      `  return acc;`,
      `}`,
      ``,
      `export class C${i} {`,
      `  readonly #items: Shape${i}[] = [];`,
      `  add(item: Shape${i}): this {`,
      `    this.#items.push(item);`,
      `    return this;`,
      `  }`,
      `  total(): number {`,
      `    return this.#items.reduce((s, it) => s + it.id + f${i}(it.name.length), 0);`,
      `  }`,
      `}`,
      ...deps.map((d) => `export function convert${i}_${d}(s: Shape${d}): Shape${i} {\n  return { id: s.id * 2, name: s.name.toUpperCase(), tags: [...s.tags, "m${i}"] };\n}`),
    );
    if (marked.has(i)) lines.push(``, `export const work${i} = makeAsync((n: number): number => {`, `  let s = 0;`, `  for (let k = 0; k < n; k++) s = (s + f${i}(k)) % 1000003;`, `  return s;`, `});`);
    writeFileSync(join(dir, "src", "lib", `m${i}.ts`), lines.join("\n") + "\n");
  }
  const main = [`import { f${files - 1} } from "./lib/m${files - 1}.js";`];
  for (const i of marked) main.push(`import { work${i} } from "./lib/m${i}.js";`);
  main.push(`console.log(f${files - 1}(1));`);
  if (marked.size > 0) main.push(`console.log(${[...marked].map((i) => `work${i}(10).wait()`).join(" + ")});`);
  writeFileSync(join(dir, "src", "main.ts"), main.join("\n") + "\n");
  const tsconfig = {
    compilerOptions: { target: "es2023", lib: ["es2023"], types: [], module: "nodenext", moduleResolution: "nodenext", strict: true, skipLibCheck: true, outDir: "out", rootDir: "src" },
    include: ["src"],
  };
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(tsconfig, null, 2) + "\n");
  writeFileSync(join(dir, "package.json"), JSON.stringify({ private: true, type: "module" }) + "\n");
}

if (process.argv[1] === new URL(import.meta.url).pathname) generate(process.argv[2], Number(process.argv[3] ?? 1000), Number(process.argv[4] ?? 0));
