/** What the compiler thread asks the esbuild thread to build, and what comes back. */
import type { ResolutionMap } from "../module-graph.cjs";

export type Loader = "ts" | "tsx" | "js" | "jsx" | "json";

/** One marked function's worker module: built on its own, so one failure costs only that function. */
export interface BundleEntry {
  /** Unique per build; names the virtual module. */
  readonly id: string;
  /** The marked function's source file; the virtual module resolves imports from its folder. */
  readonly file: string;
  readonly contents: string;
  readonly loader: Loader;
  /** Output path under `outdir`, without extension. */
  readonly out: string;
  /**
   * Files this worker sees otherwise than they are on disk: other files with markers
   * (sliced to what it carries of them), files whose location expressions are rewritten.
   */
  readonly files: Readonly<Record<string, { readonly contents: string; readonly loader: Loader }>>;
  /** Whether the module needs the banner's helpers: `require` (CommonJS sources), and locations. */
  readonly helpers: boolean;
  /** May share an esbuild build with other entries (see buildWorkerModules): no cycle back to its file, no other file with markers. */
  readonly shareable: boolean;
  /**
   * Set when `contents` is a module of its own around the function's file, which it imports
   * between others and re-exports (module-request.cts wrapperSource): the function's file's
   * text is then in `files`, and an import of that file is that file, not the entry.
   */
  readonly wraps?: true;
}

export interface BundleRequest {
  readonly outdir: string;
  readonly absWorkingDir: string;
  readonly tsconfig: string | undefined;
  readonly entries: readonly BundleEntry[];
  /** How each import of the user's files is loaded, as TypeScript resolved it (module-graph.cts). */
  readonly resolutions: ResolutionMap;
  /**
   * What the main thread runs, whose semantics the worker modules must share: Node running
   * tsc's output (every import runs; names as written), or the user's own esbuild bundle
   * (package.json `sideEffects` honoured, as esbuild honours it; names kept only with
   * the bundle's `keepNames`; source maps only when the bundle has them).
   */
  readonly mainThread: NodeMainThread | BundleMainThread;
  /**
   * Whether esbuild writes the modules to `outdir` (the default), or hands their text back
   * in each entry's `contents` for a bundler to emit as assets of its own build.
   */
  readonly write?: boolean;
}

/** Node running the compiler's JavaScript: tsc's (tspc), or esbuild's transform of each file (`tamed build`). */
export interface NodeMainThread {
  readonly kind: "node";
  /** Whether that JavaScript records decorator metadata (tsc's under emitDecoratorMetadata: decorator-metadata.cts). */
  readonly decoratorMetadata: boolean;
}

/** A bundle as the main thread's code: what of its tool's semantics the worker modules follow. */
export interface BundleMainThread {
  readonly kind: "bundle";
  readonly keepNames: boolean;
  readonly sourcemap: boolean;
  /**
   * The tool's own verdict on each of the user's files it loaded, where it has one: false
   * where it drops an import of the file that uses none of its exports. A file without one
   * follows esbuild's reading of its package.json `sideEffects`. (Rollup reads `sideEffects`
   * only through @rollup/plugin-node-resolve: without it, every import runs, and a worker
   * module that dropped one would compute another answer.)
   */
  readonly sideEffects?: Readonly<Record<string, boolean>>;
  /**
   * Files the tool emitted as assets of its own for `new URL("./file", import.meta.url)`
   * (webpack, Rspack): the source file's absolute path to the emitted copy's, which the
   * bundle reads and so must the worker modules.
   */
  readonly assets?: Readonly<Record<string, string>>;
}

export interface BundleMessage {
  readonly text: string;
  /** Absolute path of the file the message points at, when it has one. */
  readonly file?: string;
  /** 1-based line and 0-based column, as esbuild gives them. */
  readonly line?: number;
  readonly column?: number;
  /** Entry id whose build the message is about. */
  readonly entry?: string;
}

/** What one entry's build read and wrote. */
export interface EntryResult {
  readonly id: string;
  readonly errors: readonly BundleMessage[];
  /** Files written, relative to absWorkingDir. */
  readonly outputs: readonly string[];
  /** Source files bundled into it, relative to absWorkingDir. */
  readonly inputs: readonly string[];
  /** What it imports at run time (packages, node: builtins). */
  readonly imports: readonly string[];
  /** Each output's text, by its path in `outputs`, when the request did not write them. */
  readonly contents?: Readonly<Record<string, string>>;
}

export interface BundleResult {
  /** Errors not about one entry (esbuild did not start). */
  readonly errors: readonly BundleMessage[];
  readonly entries: readonly EntryResult[];
}

/**
 * Prefix of an import the request writes for a package to load with require(), as tsc's
 * CommonJS output of the file that imports it does (a package an entry imports for its effect:
 * module-request.cts firstImports); the build needs the banner's `require` for it (`helpers`).
 */
export const REQUIRE_PREFIX = "tamed-require:";

/** Prefix of the virtual modules' import paths, and of the suffix that marks their files. */
export const VIRTUAL = "tamed-worker:";
export const SUFFIX = "?tamed-worker=";
