/**
 * doctor on a project on TypeScript 7.0, which builds with `tamed build` (or a bundler and
 * tamed's plugin for it): its build script, esbuild and tamed installed, and its output.
 * tspc, ts-patch and the tsconfig's plugin entry play no part there.
 */
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import type { Finding } from "./doctor.js";
import { bundlerBuilds, bundlerChecks } from "./doctor-bundlers.js";
import { engineChecks, moduleCheck, nodeCheck } from "./doctor-node.js";
import { outputCheck } from "./doctor-output.js";
import { tsconfigChecks } from "./doctor-tsconfig.js";
import { esbuildFinding } from "./esbuild.js";
import { JsoncError, lineCol } from "./jsonc.js";
import { configChain, installedVersion, outDirOf, readPackageJson, runsTspc, type Project } from "./project.js";
import { TAMED_BUILD } from "./build-script.js";

/** On TypeScript 7.0: the build script must run `tamed build`; tspc cannot load TypeScript 7, and its tsc ignores the plugin. */
function nativeScriptCheck(p: Project): Finding {
  const build = readPackageJson(p.root).data.scripts?.["build"];
  if (build === undefined)
    return {
      ok: false,
      what: "package.json has no build script",
      fix: `add "build": "tamed build" to scripts (or npx tamed setup)`,
    };
  if (TAMED_BUILD.test(build)) return { ok: true, what: "scripts.build runs tamed build" };
  const fix = "make it run `tamed build` where it compiles TypeScript (npx tamed setup does that)";
  if (runsTspc(build)) {
    return {
      ok: false,
      what: `scripts.build (\`${build}\`) runs tspc, which cannot load TypeScript 7 (ts-patch patches TypeScript 5.9 and 6 only): the build fails`,
      fix,
    };
  }
  if (/(^|[\s;&|(])tsc(\s|$)/.test(build)) {
    return {
      ok: false,
      what: `scripts.build (\`${build}\`) runs TypeScript 7's tsc, which loads no plugins: it emits no worker modules, and marked functions throw NotCompiledError`,
      fix,
    };
  }
  return {
    ok: false,
    what: `scripts.build (\`${build}\`) does not run tamed build: nothing builds tamed's worker modules`,
    fix,
  };
}

/**
 * A project on TypeScript 7.0 builds with `tamed build` (TypeScript 7's tsc type-checks, and
 * tamed emits with esbuild), or with a bundler and tamed's plugin for it, which analyses
 * with TypeScript 7 itself. ts-patch, tspc and the tsconfig's plugin entry play no part.
 */
export function nativeChecks(p: Project, version: string, node: string): Finding[] {
  const bundled = bundlerBuilds(p);
  const build = readPackageJson(p.root).data.scripts?.["build"];
  // A bundler build that does not also run tamed build: the bundler's checks alone, as on TypeScript 5.9 and 6.
  if (bundled.length > 0 && (build === undefined || !TAMED_BUILD.test(build)))
    return [
      nodeCheck(),
      ...bundlerChecks(p, bundled),
      ...engineChecks(p, node).filter((f) => !f.what.startsWith("ts-patch")),
    ];
  const out: Finding[] = [
    nodeCheck(),
    { ok: true, what: `typescript ${version}, built with tamed build (TypeScript 7 has no transformer API for tspc)` },
  ];
  out.push(esbuildFinding(p.root, "tamed build writes the JavaScript and the worker modules with it"));
  const tamed = installedVersion(p.root, "tamed");
  out.push(
    tamed === undefined
      ? {
          ok: false,
          what: "tamed is not installed in the project: there is no tamed build to run",
          fix: "npm install tamed",
        }
      : { ok: true, what: `tamed ${tamed}` },
  );
  // A bundler plugin beside tamed build (vitest with tamed/vite): what it needs besides (esbuild is checked above).
  if (bundled.length > 0)
    out.push(
      ...bundlerChecks(p, bundled).filter(
        (f) => (!f.ok && !f.what.startsWith("esbuild ")) || /^\S+ builds with |^unplugin /.test(f.what),
      ),
    );
  out.push(...engineChecks(p, node).filter((f) => !f.what.startsWith("ts-patch")), nativeScriptCheck(p));
  const modules = moduleCheck(p);
  if (modules !== undefined) out.push(modules);
  // TypeScript 7's tsc type-checks the build as 6's does: the same defaults (no types, rootDir), the same errors.
  out.push(...tsconfigChecks(p, version));
  let outDir;
  try {
    outDir = outDirOf(configChain(p.tsconfig));
  } catch (e) {
    if (!(e instanceof JsoncError)) throw e;
    const text = readFileSync(p.tsconfig, "utf8");
    out.push({
      ok: false,
      what: `${relative(p.root, p.tsconfig) || "tsconfig.json"}:${lineCol(text, e.offset)}: ${e.message}`,
      fix: "fix the file: tsc cannot read it either",
    });
  }
  const built = outputCheck(p, outDir, "build with tamed build (npm run build, once scripts.build runs it)");
  if (built !== undefined) out.push(built);
  return out;
}
