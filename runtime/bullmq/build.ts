/**
 * Which build a worker module belongs to, and its number within that build: the same on
 * the caller's machine and on a worker's, wherever the build output was put.
 *
 * A build is a folder with `__tamed__/manifest.json` (written by the transformer, or by
 * tamed/esbuild), which lists every worker module it wrote, relative to the folder. A
 * function is named by its worker module's index in that list, sorted. The build's id is
 * a hash of those worker modules' paths and contents: two copies of one build output have
 * the same id, and any change to any worker module (a function edited, a helper it bundles,
 * a tamed upgrade that emits differently), or to the list, gives a new one. It does not
 * see the packages the modules import from node_modules: ship the same lockfile.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { buildTag } from "./wire.js";

const MANIFEST = join("__tamed__", "manifest.json");

export interface Build {
  /** The folder holding `__tamed__/manifest.json`. */
  readonly root: string;
  /** Hex hash of the worker modules' paths and contents (see above). */
  readonly id: string;
  /** What a job of this build carries: the id and the wire's version (wire.ts buildTag). */
  readonly tag: string;
  /**
   * The worker modules it lists, relative to root, with `/`, sorted. A job names its
   * module by its index here: the id covers the list, so a caller and a worker of one
   * build agree on it, and a short number keeps a job's data small (wire.ts JobData).
   */
  readonly modules: readonly string[];
  /** Each module's index in `modules`. */
  readonly index: ReadonlyMap<string, number>;
}

const builds = new Map<string, Build>();

/** The build in `root` (a folder with __tamed__/manifest.json); read once per process. */
export function readBuild(root: string): Build {
  let b = builds.get(root);
  if (b !== undefined) return b;
  const file = join(root, MANIFEST);
  let manifest: { outputs?: unknown };
  try {
    manifest = JSON.parse(readFileSync(file, "utf8")) as { outputs?: unknown };
  } catch (e) {
    throw new Error(
      `${file} cannot be read (${(e as Error).message}): point at the output folder of a build made with tamed's transformer`,
      { cause: e },
    );
  }
  const outputs = Array.isArray(manifest.outputs)
    ? manifest.outputs.filter((o): o is string => typeof o === "string" && o.endsWith(".mjs")).sort()
    : [];
  const hash = createHash("sha256");
  for (const rel of outputs) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(join(root, rel));
    } catch (e) {
      // A build copied in part, or one whose files something else removed since.
      throw new Error(
        `${join(root, rel)}, listed in ${file}, cannot be read (${(e as Error).message}): build again, and ship the whole output folder`,
        { cause: e },
      );
    }
    // Each part with its length: with separators alone, two different lists could hash
    // alike (a module holding a NUL and what the other build lists next), and one index
    // would then name different modules in them.
    hash.update(`${Buffer.byteLength(rel)}:${rel}${bytes.length}:`).update(bytes);
  }
  const id = hash.digest("hex").slice(0, 16);
  b = { root, id, tag: buildTag(id), modules: outputs, index: new Map(outputs.map((rel, i) => [rel, i])) };
  builds.set(root, b);
  return b;
}

const owners = new Map<string, { build: Build; module: number }>();

/**
 * The build a worker module (its file URL) belongs to, and its index there: the nearest
 * folder above it whose manifest lists it.
 */
export function locate(url: string): { build: Build; module: number } {
  let found = owners.get(url);
  if (found !== undefined) return found;
  const file = fileURLToPath(url);
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    if (existsSync(join(dir, MANIFEST))) {
      const build = readBuild(dir);
      const module = build.index.get(relative(dir, file).split(sep).join("/"));
      if (module !== undefined) {
        found = { build, module };
        owners.set(url, found);
        return found;
      }
    }
    if (dirname(dir) === dir) break;
  }
  throw new Error(
    `no __tamed__/manifest.json above ${file} lists it: build with tamed's transformer (a cluster backend names functions by the build's manifest)`,
  );
}

/** On a worker: the file URL of the build's worker module of that index, or undefined for anything else. */
export function moduleUrl(build: Build, module: unknown): string | undefined {
  const rel = typeof module === "number" ? build.modules[module] : undefined;
  return rel === undefined ? undefined : pathToFileURL(join(build.root, ...rel.split("/"))).href;
}
