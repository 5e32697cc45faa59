/**
 * Packages the main thread imports only for what they do as they load: the polyfills and
 * registrations an app's entry imports first (`import "reflect-metadata"`, `import
 * "core-js/stable"`, `import "source-map-support/register"`), or a setup file it imports does.
 *
 * Each thread has its own built-ins, and a worker module loads only what its function's code
 * needs. A polyfill that the entry installs is missing on a worker of a function whose files
 * do not import it: code that detects the built-in takes its fallback there (another answer,
 * with no error), code that uses it throws (`Reflect.getMetadata is not a function`). So a
 * worker module imports each package that a file of the function's program (programs.cts)
 * imports bare and that the worker does not load, in the order the entries run them, before the
 * function's file or after it, as they do (module-request.cts). Node's module cache runs each
 * once per thread, however many worker modules of that thread import it, as it runs once on the
 * main thread.
 *
 * Not carried:
 *  - a package that the nearest package.json naming it lists in `devDependencies` only: a test
 *    file in the tsconfig's `include` imports test-only setup (`@testing-library/jest-dom`),
 *    which a production install lacks, or which throws outside a test run;
 *  - a file of the user's imported bare (`import "./setup"`: it may be the app's start), Node's
 *    built-in modules, a specifier no installed package answers (`virtual:env`, an alias a
 *    bundler resolves) and a stylesheet or asset of a package (`pkg/theme.css`);
 *  - a module that loads `.env` as it loads (`dotenv/config`): the environment is the
 *    process's, shared by its threads and loaded already (env-access.cts);
 *  - what a file the worker loads imports: that file's own import loads it, where it is.
 * Every entry that loads the function's file counts (a script's, a test file's): the worker
 * module is one for all of them.
 */
import * as fs from "node:fs";
import { isBuiltin } from "node:module";
import * as path from "node:path";
import type * as ts from "typescript";
import type { Carry } from "./carry.cjs";
import { packageName } from "./effects-origins.cjs";
import { loadsEnvAsItLoads } from "./env-access.cjs";
import type { LoadOrder } from "./load-order.cjs";

/** A package a worker module imports before its own code, as the main thread imported it. */
export interface PackageImport {
  readonly specifier: string;
  /** Loaded with require(), as tsc's CommonJS output of the importing file loads it; else imported. */
  readonly require: boolean;
  /** Whether the main thread runs it after the function's file (the worker module then imports it after that file). */
  readonly after: boolean;
}

/** What a package.json lists a package under, by folder and package (undefined: it names none). */
type Listing = "runtime" | "dev" | undefined;

export class SideEffectPackages {
  readonly #listings = new Map<string, Listing>();
  readonly #installs = new Map<string, boolean>();

  constructor(readonly order: LoadOrder) {}

  /**
   * The packages the function's worker module imports, in the order the main thread's entries
   * run them: before or after the file through which they load the worker's files (`enteredAt`,
   * the function's file or the file that enters its import cycle: load-order.cts).
   */
  of(carry: Carry, fnFile: ts.SourceFile, enteredAt: ts.SourceFile): readonly PackageImport[] {
    const out = new Map<string, PackageImport>();
    const boundary = this.order.bareBefore(fnFile, enteredAt);
    this.order.bareImports(fnFile).forEach(({ bare, require, from }, i) => {
      if (from === fnFile || carry.kept.has(from) || carry.whole.has(from) || out.has(bare)) return;
      if (this.#carries(bare, from.fileName)) out.set(bare, { specifier: bare, require, after: i >= boundary });
    });
    return [...out.values()];
  }

  /** Whether a bare import of `specifier` by `importer` is a package's for the app to run (see the file's comment). */
  #carries(specifier: string, importer: string): boolean {
    const name = packageName(specifier);
    if (name === undefined || specifier.startsWith("node:") || isBuiltin(specifier)) return false;
    if (loadsEnvAsItLoads(specifier)) return false;
    // A stylesheet or an asset (`@fontsource/inter/400.css`) is the bundle's to load, not Node's.
    const ext = path.extname(specifier.slice(name.length));
    if (ext !== "" && !/^\.[cm]?js$/.test(ext)) return false;
    // Installed as a package: not a specifier a bundler's plugin or alias resolves (`virtual:env`, `@/setup`).
    if (!this.#installed(name, path.dirname(path.resolve(importer)))) return false;
    for (let dir = path.dirname(path.resolve(importer)); ;) {
      const listing = this.#listing(dir, name);
      if (listing !== undefined) return listing === "runtime";
      const parent = path.dirname(dir);
      if (parent === dir) return true; // named by no package.json: a package another one brings
      dir = parent;
    }
  }

  /** Whether a folder at or above `dir` has `node_modules/<name>/package.json`. */
  #installed(name: string, dir: string): boolean {
    const key = `${dir}\n${name}`;
    let found = this.#installs.get(key);
    if (found !== undefined) return found;
    const parent = path.dirname(dir);
    found =
      fs.existsSync(path.join(dir, "node_modules", name, "package.json")) ||
      (parent !== dir && this.#installed(name, parent));
    this.#installs.set(key, found);
    return found;
  }

  #listing(dir: string, name: string): Listing {
    const key = `${dir}\n${name}`;
    if (this.#listings.has(key)) return this.#listings.get(key);
    let listing: Listing;
    try {
      const json = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as Record<string, unknown>;
      const lists = (field: string): boolean => {
        const deps = json[field];
        return typeof deps === "object" && deps !== null && Object.hasOwn(deps, name);
      };
      if (["dependencies", "optionalDependencies", "peerDependencies"].some(lists)) listing = "runtime";
      else if (lists("devDependencies")) listing = "dev";
    } catch {
      listing = undefined; // no package.json here, or one that does not parse: look further up
    }
    this.#listings.set(key, listing);
    return listing;
  }
}
