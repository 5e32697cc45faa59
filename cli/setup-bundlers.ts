/**
 * `tamed setup` for a project that builds with a bundler: its config at the project's top
 * (vite.config.*, rollup.config.*, webpack.config.*, rspack.config.*) or a script that runs
 * esbuild's API. tamed's plugin for that tool does the build's part (the analysis, the stubs,
 * the worker modules), so such a project needs TypeScript for the analysis, esbuild for the
 * worker modules and, but for esbuild, unplugin; not ts-patch, not the tsconfig's plugin
 * entry, not a build script that runs tspc or `tamed build`. The same on TypeScript 5.9/6 and 7.
 * A config that does not use the plugin yet is not edited (it is code): setup says what to add.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ESBUILD, TYPESCRIPT, UNPLUGIN } from "./engines.js";
import { installedVersion, type Project } from "./project.js";

/** A bundler's config, or an esbuild build script, at the project's top. */
export interface BundlerConfig {
  readonly file: string;
  readonly tool: "Vite" | "Rollup" | "webpack" | "Rspack" | "esbuild";
  /** tamed's plugin for the tool. */
  readonly plugin: string;
  /** Whether the file already names the plugin (or tamed/unplugin). */
  readonly uses: boolean;
}

const BY_NAME: readonly [RegExp, BundlerConfig["tool"], string][] = [
  [/^vite\.config\.[cm]?[jt]s$/, "Vite", "tamed/vite"],
  [/^rollup\.config\.[cm]?[jt]s$/, "Rollup", "tamed/rollup"],
  [/^webpack\.config\.[cm]?[jt]s$/, "webpack", "tamed/webpack"],
  [/^rspack\.config\.[cm]?[jt]s$/, "Rspack", "tamed/rspack"],
];

/** A script that runs esbuild's JavaScript API (a plugin needs it; the command line takes none). */
const ESBUILD_API = /["']esbuild["']/;
const ESBUILD_CALL = /\.(?:build|context)\s*\(|\b(?:build|context)\s*\(\s*\{/;

export function bundlerConfigs(root: string): BundlerConfig[] {
  let names: string[];
  try {
    names = readdirSync(root)
      .filter((n) => /\.[cm]?[jt]s$/.test(n) && !/\.d\.[cm]?ts$/.test(n))
      .sort();
  } catch {
    return [];
  }
  const out: BundlerConfig[] = [];
  for (const file of names) {
    let text: string;
    try {
      text = readFileSync(join(root, file), "utf8");
    } catch {
      continue;
    }
    const named = BY_NAME.find(([re]) => re.test(file));
    const [tool, plugin] =
      named !== undefined
        ? [named[1], named[2]]
        : ESBUILD_API.test(text) && ESBUILD_CALL.test(text)
          ? (["esbuild", "tamed/esbuild"] as const)
          : [undefined, undefined];
    if (tool === undefined) continue;
    const uses = new RegExp(`["'](?:${plugin}|tamed/unplugin)["']`).test(text);
    out.push({ file, tool, plugin, uses });
  }
  return out;
}

/** `tsc`, `tspc` or `tamed build` as a command of a script. */
const COMPILES = /(^|[\s;&|(])(?:npx\s+)?(?:tsp?c|tamed\s+build)(?=\s|$|[;&|)])/;

/**
 * Whether the project builds with its bundler: it has a config, and the build script is
 * absent, runs the bundler (or the esbuild script), or compiles nothing with TypeScript's
 * compiler. A build that compiles with tsc and bundles nothing (a Vite config for a client
 * beside a tsc-built server) keeps tsc's path.
 */
export function buildsWithBundler(script: string | undefined, configs: readonly BundlerConfig[]): boolean {
  if (configs.length === 0) return false;
  if (script === undefined || !COMPILES.test(script)) return true;
  const tools = /(^|[\s;&|(])(?:npx\s+)?(?:vite|rollup|webpack|rspack)(?=\s|$|[;&|)])/;
  return tools.test(script) || configs.some((c) => c.tool === "esbuild" && script.includes(c.file));
}

/** The dev dependencies tamed's plugins need that are not installed. */
export function bundlerPackages(p: Project, configs: readonly BundlerConfig[]): string[] {
  const specs: string[] = [];
  if (installedVersion(p.root, "typescript") === undefined) specs.push(TYPESCRIPT);
  if (installedVersion(p.root, "esbuild") === undefined) specs.push(ESBUILD);
  if (configs.some((c) => c.tool !== "esbuild") && installedVersion(p.root, "unplugin") === undefined)
    specs.push(UNPLUGIN);
  return specs;
}

/** Why setup leaves tsconfig.json, ts-patch and scripts.build alone. */
export function bundlerNote(configs: readonly BundlerConfig[]): string {
  const list = configs.map((c) => `${c.file}: ${c.tool}`).join(", ");
  return (
    `this project builds with a bundler (${list}): tamed's plugin for it analyses the project and builds the worker ` +
    `modules in the bundler's build, so no ts-patch, no tspc or tamed build, and tsconfig.json and scripts.build stay as they are`
  );
}

/** What to add to a config that does not use tamed's plugin yet. */
export function pluginToAdd(c: BundlerConfig): string {
  const where =
    c.tool === "esbuild"
      ? "`plugins: [tamed()]` to the options of its esbuild build"
      : c.tool === "Vite" || c.tool === "Rollup"
        ? "`tamed()` first in its `plugins` (it edits the TypeScript before the types are stripped)"
        : "`tamed()` to its `plugins`";
  return `add tamed's plugin to ${c.file}: \`import tamed from "${c.plugin}";\` and ${where}`;
}
