/** What setup and doctor need to know about the user's project. */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { parseJsonc, plain, type JsonNode } from "./jsonc.js";

export type PackageManager = "npm" | "pnpm" | "yarn";

export interface Project {
  readonly root: string;
  readonly pm: PackageManager;
  readonly tsconfig: string;
}

export class CliError extends Error {
  constructor(
    message: string,
    /** What to do about it. */
    readonly fix: string,
    /** The exit code: 2 for a command that could not start, 1 for one that found something wrong. */
    readonly status: 1 | 2 = 2,
    /** Exit once it is printed: what a worker process opened (BullMQ's timers) must not keep it up. */
    readonly exitNow = false,
  ) {
    super(message);
    this.name = "CliError";
  }
}

/**
 * The project's TypeScript is a version tamed does not support: `message` is the paragraph
 * tspc, the bundler plugins and `tamed build` print (typescript-version.cts), without its
 * leading "tamed: ", which the CLI adds back; it already says what to do.
 */
export class UnsupportedTypeScriptVersion extends CliError {
  constructor(refusal: string) {
    super(refusal.replace(/^tamed: /, ""), "", 1);
    this.name = "UnsupportedTypeScriptVersion";
  }
}

/** The nearest folder at or above `from` with a package.json. */
export function findRoot(from: string): string {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return dir;
    if (dirname(dir) === dir) {
      throw new CliError(
        `no package.json in ${resolve(from)} or above it`,
        "run this in your project's folder (npm init -y makes a package.json)",
      );
    }
  }
}

/** From the lock file; npm when there is none. */
export function packageManager(root: string): PackageManager {
  if (existsSync(join(root, "pnpm-lock.yaml"))) return "pnpm";
  if (existsSync(join(root, "yarn.lock"))) return "yarn";
  return "npm";
}

export function project(cwd: string, tsconfigArg: string | undefined): Project {
  const root = findRoot(cwd);
  const tsconfig = resolve(cwd, tsconfigArg ?? join(root, "tsconfig.json"));
  if (!existsSync(tsconfig)) {
    throw new CliError(
      `no ${tsconfigArg ?? "tsconfig.json"} in ${root}`,
      "create one (npx -p typescript tsc --init), or name yours with --project path/to/tsconfig.json",
    );
  }
  return { root, pm: packageManager(root), tsconfig };
}

/** The tsconfig and the files it extends (relative paths; a package's base config is not followed). */
export function configChain(
  file: string,
  seen = new Set<string>(),
): Array<{ file: string; root: JsonNode; text: string }> {
  if (seen.has(file) || !existsSync(file)) return [];
  seen.add(file);
  const text = readFileSync(file, "utf8");
  const root = parseJsonc(text);
  const ext = (plain(root) as { extends?: unknown } | null)?.extends;
  const bases = (Array.isArray(ext) ? ext : [ext]).filter(
    (e): e is string => typeof e === "string" && e.startsWith("."),
  );
  return [
    { file, root, text },
    ...bases.flatMap((b) => configChain(resolve(dirname(file), b.endsWith(".json") ? b : `${b}.json`), seen)),
  ];
}

/**
 * compilerOptions.outDir as tsc reads it: the nearest config in the chain that sets it,
 * relative to that config's folder; `${configDir}` is the folder of the config tsc was given.
 */
export function outDirOf(chain: ReadonlyArray<{ file: string; root: JsonNode }>): string | undefined {
  const configDir = chain[0] === undefined ? undefined : dirname(chain[0].file);
  for (const c of chain) {
    const o = (plain(c.root) as { compilerOptions?: { outDir?: unknown } } | null)?.compilerOptions?.outDir;
    if (typeof o !== "string") continue;
    if (o.startsWith("${configDir}") && configDir !== undefined)
      return resolve(configDir, `.${o.slice("${configDir}".length)}`);
    return resolve(dirname(c.file), o);
  }
  return undefined;
}

export interface PackageJson {
  name?: string;
  type?: string;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

export function readPackageJson(root: string): { data: PackageJson; text: string } {
  const text = readFileSync(join(root, "package.json"), "utf8");
  return { data: JSON.parse(text) as PackageJson, text };
}

/**
 * Whether a package.json script runs `tspc` as a command word (`tspc`, `tspc -p x`,
 * `rm -rf out && tspc`), not as part of another name. Setup and doctor must agree on
 * it: setup leaves alone a script that doctor accepts.
 */
export function runsTspc(script: string): boolean {
  return /(^|[\s;&|(])tspc(\s|$)/.test(script);
}

export interface InstalledManifest {
  readonly version: string;
  readonly engines?: { readonly node?: unknown };
}

/** The package.json of a package as the project resolves it, or undefined. */
export function installedManifest(root: string, name: string): InstalledManifest | undefined {
  const require = createRequire(join(root, "package.json"));
  try {
    return require(`${name}/package.json`) as InstalledManifest;
  } catch {
    // Packages whose exports map hides package.json: find the folder from the main entry.
    try {
      let dir = dirname(require.resolve(name));
      while (!existsSync(join(dir, "package.json")) && dirname(dir) !== dir) dir = dirname(dir);
      return JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as InstalledManifest;
    } catch {
      return undefined;
    }
  }
}

/** The installed version of a package as the project resolves it, or undefined. */
export function installedVersion(root: string, name: string): string | undefined {
  return installedManifest(root, name)?.version;
}

export const major = (version: string): number => Number(version.split(".")[0]);

/** The ts-patch major that patches a TypeScript major (ts-patch 4 is for TypeScript 6; 3 for 5). */
export function tsPatchFor(typescriptMajor: number): number | undefined {
  return typescriptMajor >= 6 ? 4 : typescriptMajor === 5 ? 3 : undefined;
}

/** The command that adds dev dependencies with this package manager. */
export function addDevCommand(pm: PackageManager, specs: readonly string[]): string[] {
  if (pm === "pnpm") return ["pnpm", "add", "--save-dev", ...specs];
  if (pm === "yarn") return ["yarn", "add", "--dev", ...specs];
  return ["npm", "install", "--save-dev", ...specs];
}
