/**
 * A tsconfig's settings as tsc reads them, for doctor's checks: the nearest config of the
 * `extends` chain that sets an option wins. An option left to a package's base config
 * (`"extends": "@tsconfig/node22"`) is not read: it is UNKNOWN, and a check that needs it is
 * skipped rather than guessed.
 */
import { relative } from "node:path";
import { plain, type JsonNode } from "./jsonc.js";
import type { Project } from "./project.js";

export type Chain = ReadonlyArray<{ file: string; root: JsonNode }>;

/** An option a package's base config may set, which doctor does not read. */
export const UNKNOWN = Symbol("unknown");

/** The tsconfig's settings as tsc reads them: the nearest config of the chain that sets each wins. */
export class Settings {
  /** Some config extends a package's base config, which is not read: an unset option is unknown. */
  private readonly partial: boolean;
  constructor(private readonly chain: Chain) {
    this.partial = chain.some((c) => {
      const ext = (plain(c.root) as { extends?: unknown } | null)?.extends;
      return (Array.isArray(ext) ? ext : [ext]).some((e) => typeof e === "string" && !e.startsWith("."));
    });
  }
  private find(key: string, inOptions: boolean): { value: unknown; file: string } | undefined {
    for (const c of this.chain) {
      const data = plain(c.root) as Record<string, unknown> | null;
      const from = inOptions ? (data?.["compilerOptions"] as Record<string, unknown> | undefined) : data;
      if (from !== null && typeof from === "object" && from[key] !== undefined)
        return { value: from[key], file: c.file };
    }
    return undefined;
  }
  /** A compiler option: its value, `undefined` when no config sets it, or `unknown` when a package's base may. */
  option(key: string): unknown {
    const found = this.find(key, true);
    return found !== undefined ? found.value : this.partial ? UNKNOWN : undefined;
  }
  /** A top-level setting (`include`, `files`) with the config that sets it, for its relative paths. */
  top(key: string): { value: unknown; file: string } | undefined | typeof UNKNOWN {
    return this.find(key, false) ?? (this.partial ? UNKNOWN : undefined);
  }
}
export const name = (p: Project): string => relative(p.root, p.tsconfig) || "tsconfig.json";
