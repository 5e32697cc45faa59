/**
 * Which TypeScript a project has, and so which build setup and doctor configure and check:
 * tspc with ts-patch for 5.9 and 6, `tamed build` for 7.0.x. The supported versions and the
 * refusal of any other are the transformer's (typescript-version.cts), so that setup and
 * doctor say exactly what tspc, the bundler plugins and `tamed build` say.
 */
import { createRequire } from "node:module";

/** typescript-version.cts's TypeScriptPath (the CLI is its own TypeScript project, built beside the transformer). */
export type TypeScriptPath = "classic" | "native";

interface VersionModule {
  installedTypeScript(cwd: string): { version: string; dir: string } | undefined;
  checkTypeScript(version: string, where: string, entry: string): TypeScriptPath;
}

// dist/cli beside dist/transformer, as `tamed build` loads it (index.ts). Loaded on first use:
// the CLI's other commands do not need it.
let loaded: VersionModule | undefined;
function versions(): VersionModule {
  loaded ??= createRequire(import.meta.url)("../transformer/typescript-version.cjs") as VersionModule;
  return loaded;
}

export type InstalledTypeScript =
  | { readonly kind: TypeScriptPath; readonly version: string; readonly dir: string }
  /** A version tamed does not support: `refusal` is the transformer's one-paragraph message. */
  | { readonly kind: "unsupported"; readonly version: string; readonly dir: string; readonly refusal: string };

/** The TypeScript the project at `root` resolves, seen by `entry` (tamed setup, tamed doctor); undefined when none is installed. */
export function installedTypeScript(root: string, entry: string): InstalledTypeScript | undefined {
  const m = versions();
  const found = m.installedTypeScript(root);
  if (found === undefined) return undefined;
  try {
    return { kind: m.checkTypeScript(found.version, found.dir, entry), ...found };
  } catch (e) {
    // UnsupportedTypeScriptError, by name: the class lives in the CommonJS transformer.
    if (!(e instanceof Error) || e.name !== "UnsupportedTypeScriptError") throw e;
    return { kind: "unsupported", ...found, refusal: e.message };
  }
}
