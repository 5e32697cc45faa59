/**
 * doctor's checks of a project that builds with a bundler and tamed's plugin for it
 * (tamed/vite, /rollup, /webpack, /rspack, /esbuild): which build files use one, and
 * what such a build needs installed instead of tspc and ts-patch.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { Finding } from "./doctor.js";
import { esbuildFinding } from "./esbuild.js";
import { installedVersion, type Project } from "./project.js";

/** Build scripts and config files at the project's top that use tamed's bundler plugins: each file, and its plugin. */
export function bundlerBuilds(p: Project): { file: string; plugin: string }[] {
  let names: string[];
  try {
    names = readdirSync(p.root)
      .filter((n) => /\.[cm]?[jt]s$/.test(n) && !/\.d\.[cm]?ts$/.test(n))
      .sort();
  } catch {
    return [];
  }
  const out: { file: string; plugin: string }[] = [];
  for (const name of names) {
    let text: string;
    try {
      text = readFileSync(join(p.root, name), "utf8");
    } catch {
      continue;
    }
    const plugin = /["'](tamed\/(?:vite|rollup|webpack|rspack|esbuild|unplugin))["']/.exec(text)?.[1];
    if (plugin !== undefined) out.push({ file: name, plugin });
  }
  return out;
}

/**
 * A project that builds with a bundler and tamed's plugin for it: tspc, ts-patch and the
 * tsconfig's plugin entry are not needed; TypeScript (for the analysis), esbuild (for the
 * worker modules) and, but for tamed/esbuild, unplugin are.
 */
export function bundlerChecks(p: Project, builds: readonly { file: string; plugin: string }[]): Finding[] {
  const out: Finding[] = builds.map((b) => ({ ok: true, what: `${b.file} builds with ${b.plugin}` }));
  const unplugged = builds.find((b) => b.plugin !== "tamed/esbuild");
  const need: [string, string][] = [
    ["typescript", "tamed's plugin analyses the project with it"],
    ...(unplugged === undefined ? [] : [["unplugin", `${unplugged.plugin} is made with it`] as [string, string]]),
  ];
  for (const [name, why] of need) {
    const version = installedVersion(p.root, name);
    out.push(
      version === undefined
        ? { ok: false, what: `${name} is not installed: ${why}`, fix: `npm install --save-dev ${name}` }
        : { ok: true, what: `${name} ${version}` },
    );
  }
  out.push(esbuildFinding(p.root, "tamed's plugin bundles the worker modules with it"));
  const require = createRequire(join(p.root, "package.json"));
  for (const plugin of new Set(builds.map((b) => b.plugin))) {
    try {
      require.resolve(plugin);
    } catch {
      out.push({ ok: false, what: `${plugin} does not resolve from the project`, fix: "npm install tamed" });
    }
  }
  return out;
}
