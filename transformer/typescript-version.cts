/**
 * Which TypeScript versions tamed works with, and through which path: the compiler API
 * of TypeScript 5.9 and 6 in-process (tspc, the bundler plugins), or TypeScript 7.0's
 * native compiler through its API process (typescript7.cts: `tamed build`, the bundler
 * plugins). Read from the package's package.json, which every version has, before
 * anything else of it is loaded.
 */
import * as fs from "node:fs";
import * as nodeModule from "node:module";
import * as path from "node:path";
import { UnsupportedTypeScriptError } from "./errors.cjs";

/** What tamed is tested with (package.json declares no TypeScript peer: a peer would stay in production installs). */
export const SUPPORTED_RANGE =
  "5.9 and 6 (with ts-patch + tspc, or a bundler plugin) and 7.0.2 or a later 7.0.x (with npx tamed build, or a bundler plugin)";

export type TypeScriptPath = "classic" | "native";

/** The path for a version, or undefined when tamed does not know it (a 7.1 nightly, 8, 5.8). */
export function pathOf(version: string): TypeScriptPath | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)(-.*)?$/.exec(version);
  if (m === null) return undefined;
  const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if ((major === 5 && minor >= 9) || major === 6) return "classic";
  // 7.0's API lives under typescript/unstable/*, which the 7.1 nightlies already renamed:
  // only the minor tamed's tests run is accepted, from its first release (7.0.2; the
  // prereleases before it, 7.0.1-rc and the 7.0.0-dev previews, are not what was tested).
  if (major === 7 && minor === 0 && patch >= 2 && m[4] === undefined) return "native";
  return undefined;
}

/** The version of the TypeScript a project resolves, and the folder of its package; undefined when none is installed. */
export function installedTypeScript(cwd: string): { version: string; dir: string } | undefined {
  const require = nodeModule.createRequire(path.join(cwd, "package.json"));
  let manifest: string;
  try {
    manifest = require.resolve("typescript/package.json");
  } catch {
    return undefined;
  }
  const { version } = JSON.parse(fs.readFileSync(manifest, "utf8")) as { version: string };
  return { version, dir: path.dirname(manifest) };
}

/**
 * The path for the TypeScript at `where` (its package folder, for the message), or an
 * UnsupportedTypeScriptError that says what was found, what tamed supports and what to do.
 * `entry` names what is loading it (tspc, tamed/esbuild, tamed build), since what to do depends on it.
 */
export function checkTypeScript(version: string, where: string, entry: string): TypeScriptPath {
  const p = pathOf(version);
  if (p !== undefined) return p;
  throw new UnsupportedTypeScriptError(
    version,
    where,
    `tamed: ${entry} found TypeScript ${version} (${where}), a version tamed does not support: it supports TypeScript ${SUPPORTED_RANGE}. ` +
      `TypeScript 7's compiler API is unstable and changes between minor versions, so tamed refuses versions it was not tested with rather than build wrongly. ` +
      `Install a supported version (for instance \`npm install -D typescript@~7.0.2\` or \`typescript@^6.0.0\`), or upgrade tamed if a newer release supports ${version}.`,
  );
}

/** For the entry points that need the compiler API in-process (tspc, the language service): TypeScript 7 has none. */
export function requireClassic(version: string, where: string, entry: string): void {
  if (checkTypeScript(version, where, entry) === "native") {
    throw new UnsupportedTypeScriptError(
      version,
      where,
      `tamed: ${entry} found TypeScript ${version} (${where}): TypeScript 7 has no compiler API in-process for ${entry} to use. ` +
        `Build with \`npx tamed build\` (type-checks with TypeScript 7 and emits the JavaScript, declarations and worker modules), ` +
        `or use TypeScript 5.9 or 6 for ${entry}.`,
    );
  }
}
