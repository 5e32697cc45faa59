/**
 * npm `engines.node` ranges, and which TypeScript and ts-patch a Node version can take.
 * setup chooses a toolchain whose packages accept the running Node (npm warns on every
 * install otherwise, and refuses with `engine-strict`); doctor checks what is installed.
 */

type Version = readonly [number, number, number];

/** "20.19.1", "v20.19.1", "20.19" or "20" (missing parts 0); undefined for anything else. */
function parseVersion(text: string): Version | undefined {
  const m = /^v?(\d+)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?(?:[-+].*)?$/.exec(text.trim());
  if (m === null) return undefined;
  const part = (s: string | undefined): number => (s === undefined || s === "x" || s === "*" ? 0 : Number(s));
  return [part(m[1]), part(m[2]), part(m[3])];
}

function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** How many leading parts a range's version names ("20" → 1, "20.19" → 2, "20.x" → 1). */
function named(text: string): number {
  return text
    .replace(/^v/, "")
    .split(".")
    .filter((p) => p !== "x" && p !== "*" && p !== "").length;
}

/** One comparator (">=22.15.0", "^20.19", "~5.9", "20.x", "*"): whether `v` meets it, or undefined if unreadable. */
function meets(v: Version, comparator: string): boolean | undefined {
  if (comparator === "*" || comparator === "" || comparator === "x") return true;
  const m = /^(>=|<=|>|<|=|\^|~)?\s*(.+)$/.exec(comparator);
  if (m === null) return undefined;
  const [, op = "", text = ""] = m;
  const r = parseVersion(text);
  if (r === undefined) return undefined;
  const c = compare(v, r);
  switch (op) {
    case ">=":
      return c >= 0;
    case ">":
      return c > 0;
    case "<=":
      return c <= 0;
    case "<":
      return c < 0;
    case "^": {
      // ^a.b.c: the same first non-zero part.
      const upper: Version = r[0] > 0 ? [r[0] + 1, 0, 0] : r[1] > 0 ? [0, r[1] + 1, 0] : [0, 0, r[2] + 1];
      return c >= 0 && compare(v, upper) < 0;
    }
    case "~": {
      const upper: Version = named(text) >= 2 ? [r[0], r[1] + 1, 0] : [r[0] + 1, 0, 0];
      return c >= 0 && compare(v, upper) < 0;
    }
    default: {
      // "=" or bare: as many parts as it names must match ("20" is 20.x.x).
      const n = named(text);
      return v.slice(0, n).every((p, i) => p === r[i]);
    }
  }
}

/**
 * Whether `version` satisfies an npm range made of `||` alternatives of space-separated
 * comparators (what `engines.node` fields hold). Undefined for a range this does not read
 * (a hyphen range, say): callers then report nothing rather than guess.
 */
export function satisfies(version: string, range: string): boolean | undefined {
  const v = parseVersion(version);
  if (v === undefined) return undefined;
  let unreadable = false;
  for (const alternative of range.split("||")) {
    // ">= 22" is one comparator: join an operator to the version after it.
    const comparators = alternative
      .trim()
      .replace(/(>=|<=|>|<|=|\^|~)\s+/g, "$1")
      .split(/\s+/);
    if (comparators.includes("-")) {
      unreadable = true;
      continue;
    }
    const results = comparators.map((c) => meets(v, c));
    if (results.every((r) => r === true)) return true;
    if (results.some((r) => r === undefined)) unreadable = true;
  }
  return unreadable ? undefined : false;
}

/** ts-patch 4 (the one for TypeScript 6) declares `"engines": { "node": ">=22.15.0" }`. */
export const TS_PATCH_4_NODE = ">=22.15.0";

/** The esbuild setup installs when the project has none (tamed works with >=0.25.0 <1). */
export const ESBUILD = "esbuild@^0.28.0";

/** What setup installs for a bundler plugin's analysis, where no ts-patch is needed (TypeScript 6 runs on Node 20). */
export const TYPESCRIPT = "typescript@^6.0.0";

/** What tamed's Vite, Rollup, webpack and Rspack plugins are made with (the peer range). */
export const UNPLUGIN = "unplugin@^3.0.0";

/** What setup installs into a project without TypeScript, on this Node. */
export interface Toolchain {
  readonly typescript: string;
  readonly tsPatch: string;
  /** Why, when it is not the newest. */
  readonly because?: string;
}

export function toolchainFor(node: string): Toolchain {
  if (satisfies(node, TS_PATCH_4_NODE) !== false) return { typescript: TYPESCRIPT, tsPatch: "ts-patch@^4.0.0" };
  return {
    typescript: "typescript@~5.9.0",
    tsPatch: "ts-patch@^3.3.0",
    because: `TypeScript 5.9 with ts-patch 3.3, since ts-patch 4 (for TypeScript 6) requires Node ${TS_PATCH_4_NODE} and this is Node ${node}`,
  };
}
