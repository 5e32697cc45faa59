/** What the compiler thread asks the esbuild thread to build, and what comes back. */

export interface BundleEntry {
  /** Unique per build; names the virtual module. */
  readonly id: string;
  /** The marked function's source file; the virtual module resolves imports from its folder. */
  readonly file: string;
  readonly contents: string;
  readonly loader: "ts" | "tsx" | "js" | "jsx";
  /** Output path under `outdir`, without extension. */
  readonly out: string;
}

export interface BundleRequest {
  /**
   * Marked source files as worker code sees them when it imports one normally:
   * their exports and what those use (see worker-source.cts).
   */
  readonly views: readonly { readonly file: string; readonly contents: string; readonly loader: BundleEntry["loader"] }[];
  readonly outdir: string;
  readonly absWorkingDir: string;
  readonly tsconfig: string | undefined;
  readonly entries: readonly BundleEntry[];
}

export interface BundleMessage {
  readonly text: string;
  /** Absolute path of the file the message points at, when it has one. */
  readonly file?: string;
  /** 1-based line and 0-based column, as esbuild gives them. */
  readonly line?: number;
  readonly column?: number;
  /** Entry id whose virtual module the message is about. */
  readonly entry?: string;
}

export interface BundleResult {
  readonly errors: readonly BundleMessage[];
  readonly outputs: readonly string[];
}

/** Prefix of the virtual modules' import paths, and of the suffix that marks their files. */
export const VIRTUAL = "tamed-worker:";
export const SUFFIX = "?tamed-worker=";
