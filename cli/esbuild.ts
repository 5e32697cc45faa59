/**
 * doctor's esbuild line: installed, and a version tamed supports. The supported range and
 * the refusal are the transformer's (esbuild-version.cts), so that doctor says what the
 * build would: tamed declares no esbuild peer, so npm does not check it.
 */
import { createRequire } from "node:module";
import type { Finding } from "./doctor.js";
import { installedVersion } from "./project.js";

interface VersionModule {
  esbuildRefusal(version: string, where: string): string | undefined;
}

/** The finding for the project at `root`; `missing` says what cannot happen without esbuild. */
export function esbuildFinding(root: string, missing: string): Finding {
  const version = installedVersion(root, "esbuild");
  if (version === undefined)
    return {
      ok: false,
      what: `esbuild is not installed: ${missing}`,
      fix: "npm install --save-dev esbuild (or npx tamed setup)",
    };
  // dist/cli beside dist/transformer, as cli/typescript.ts loads typescript-version.cjs.
  const m = createRequire(import.meta.url)("../transformer/esbuild-version.cjs") as VersionModule;
  const refusal = m.esbuildRefusal(version, "this project");
  if (refusal !== undefined) return { ok: false, what: refusal, fix: "npm install --save-dev esbuild@^0.28" };
  return { ok: true, what: `esbuild ${version}` };
}
