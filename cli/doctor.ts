/**
 * `tamed doctor`: checks a project's setup and prints each problem with its fix. The
 * usual ones: the plugin missing from the tsconfig tsc actually reads, a ts-patch that
 * does not match the installed TypeScript, a build run with plain tsc (no worker
 * modules next to the output), a Node too old. A project on TypeScript 7.0 builds with
 * `tamed build` instead (no tspc, no ts-patch, no plugin entry): its own checks; one on a
 * TypeScript tamed does not support gets the transformer's refusal.
 *
 * This file holds what doctor finds (Finding), which checks a project gets (diagnose), and
 * the checks of a build with tspc; a bundler build's are doctor-bundlers.ts, TypeScript
 * 7's doctor-native.ts, Node's doctor-node.ts, the compiler options that stop tsc before the plugin
 * matters (TS5011, and tamed's declarations without Node's types or lib) doctor-tsconfig.ts, and the
 * look at the output doctor-output.ts.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import { hasPlugin, JsoncError, lineCol } from "./jsonc.js";
import {
  configChain,
  installedVersion,
  major,
  outDirOf,
  readPackageJson,
  runsTspc,
  tsPatchFor,
  type Project,
} from "./project.js";
import { installedTypeScript } from "./typescript.js";
import { bundlerBuilds, bundlerChecks } from "./doctor-bundlers.js";
import { bundlerConfigs, buildsWithBundler, pluginToAdd } from "./setup-bundlers.js";
import { nativeChecks } from "./doctor-native.js";
import { engineChecks, moduleCheck, nodeCheck } from "./doctor-node.js";
import { outputCheck } from "./doctor-output.js";
import { tsconfigChecks } from "./doctor-tsconfig.js";
import { esbuildFinding } from "./esbuild.js";

export interface Finding {
  readonly ok: boolean;
  readonly what: string;
  /** For a problem: what to do. */
  readonly fix?: string;
}

function pluginCheck(p: Project): { finding: Finding; outDir: string | undefined } {
  const name = relative(p.root, p.tsconfig) || "tsconfig.json";
  let chain;
  try {
    chain = configChain(p.tsconfig);
  } catch (e) {
    if (!(e instanceof JsoncError)) throw e;
    const text = readFileSync(p.tsconfig, "utf8");
    return {
      finding: {
        ok: false,
        what: `${name}:${lineCol(text, e.offset)}: ${e.message}`,
        fix: "fix the file: tsc cannot read it either",
      },
      outDir: undefined,
    };
  }
  const outDir = outDirOf(chain);
  const where = chain.find((c) => hasPlugin(c.root));
  const finding: Finding =
    where !== undefined
      ? { ok: true, what: `the plugin is in ${relative(p.root, where.file)}` }
      : {
          ok: false,
          what: `${name} has no { "transform": "tamed/transformer" } in compilerOptions.plugins: tspc builds without tamed, and marked functions throw NotCompiledError`,
          fix: "npx tamed setup (or add the entry by hand)",
        };
  return { finding, outDir };
}

function packageChecks(p: Project): Finding[] {
  const out: Finding[] = [];
  const ts = installedVersion(p.root, "typescript");
  const patch = installedVersion(p.root, "ts-patch");
  if (ts === undefined)
    out.push({
      ok: false,
      what: "typescript is not installed",
      fix: "npm install --save-dev typescript@^6 (or npx tamed setup)",
    });
  else out.push({ ok: true, what: `typescript ${ts}` });
  const want = ts === undefined ? undefined : tsPatchFor(major(ts));
  if (patch === undefined)
    out.push({
      ok: false,
      what: "ts-patch is not installed: there is no tspc to load the plugin",
      fix: `npm install --save-dev ts-patch@^${want ?? 4} (or npx tamed setup)`,
    });
  else if (want !== undefined && major(patch) !== want) {
    out.push({
      ok: false,
      what: `ts-patch ${patch} does not patch TypeScript ${ts} (that needs ts-patch ${want})`,
      fix: `npm install --save-dev ts-patch@^${want}`,
    });
  } else out.push({ ok: true, what: `ts-patch ${patch}` });
  out.push(esbuildFinding(p.root, "tspc cannot bundle the worker modules"));
  const require = createRequire(join(p.root, "package.json"));
  try {
    require.resolve("tamed/transformer");
    out.push({
      ok: true,
      what: `tamed ${installedVersion(p.root, "tamed") ?? ""} and tamed/transformer resolve from the project`.replace(
        "  ",
        " ",
      ),
    });
  } catch {
    out.push({
      ok: false,
      what: "tamed/transformer does not resolve from the project: tspc cannot load the plugin",
      fix: "npm install tamed",
    });
  }
  return out;
}

function scriptCheck(p: Project): Finding {
  const build = readPackageJson(p.root).data.scripts?.["build"];
  if (build !== undefined && runsTspc(build)) return { ok: true, what: `scripts.build runs tspc` };
  return {
    ok: false,
    what:
      build === undefined
        ? "package.json has no build script"
        : `scripts.build (\`${build}\`) does not run tspc: plain tsc ignores the plugin`,
    fix:
      build === undefined
        ? `add "build": "tspc" to scripts (or npx tamed setup)`
        : "run tspc instead of tsc in it (npx tamed setup does that)",
  };
}

export function diagnose(p: Project, node = process.versions.node): Finding[] {
  const ts = installedTypeScript(p.root, "tamed doctor");
  // The same paragraph tspc, the bundler plugins and tamed build print; it says what to do.
  if (ts?.kind === "unsupported") {
    return [
      nodeCheck(),
      {
        ok: false,
        what: ts.refusal.replace(/^tamed: /, ""),
        fix: "install a supported TypeScript, as said above, then npx tamed setup",
      },
    ];
  }
  if (ts?.kind === "native") return nativeChecks(p, ts.version, node);
  const bundled = bundlerBuilds(p);
  const { finding, outDir } = pluginCheck(p);
  // A bundler build without tspc: tspc's checks (its plugin entry, ts-patch, the build script, its output) do not
  // apply. A project that builds with tspc and also uses a bundler plugin (vitest with tamed/vite) gets both.
  if (bundled.length > 0 && !finding.ok)
    return [
      nodeCheck(),
      ...bundlerChecks(p, bundled),
      ...engineChecks(p, node).filter((f) => !f.what.startsWith("ts-patch")),
    ];
  // A bundler builds the project, and its config does not use tamed's plugin yet (setup leaves
  // configs, which are code, to the user): that is the problem to fix, not tspc's setup.
  const configs = bundlerConfigs(p.root);
  if (
    bundled.length === 0 &&
    !finding.ok &&
    buildsWithBundler(readPackageJson(p.root).data.scripts?.["build"], configs)
  )
    return [
      nodeCheck(),
      ...configs.map((c): Finding => ({
        ok: false,
        what: `${c.file} does not use ${c.plugin}: ${c.tool} builds this project, and without the plugin no marked function runs on a worker`,
        fix: pluginToAdd(c),
      })),
      ...bundlerChecks(p, configs).filter((f) => !/ builds with /.test(f.what)),
      ...engineChecks(p, node).filter((f) => !f.what.startsWith("ts-patch")),
    ];
  const extra =
    bundled.length > 0
      ? bundlerChecks(p, bundled).filter((f) => !f.ok || /^\S+ builds with |^unplugin /.test(f.what))
      : [];
  const out = [nodeCheck(), finding, ...packageChecks(p), ...extra, ...engineChecks(p, node), scriptCheck(p)];
  const modules = moduleCheck(p);
  if (modules !== undefined) out.push(modules);
  const typescript = installedVersion(p.root, "typescript");
  if (typescript !== undefined) out.push(...tsconfigChecks(p, typescript));
  const built = outputCheck(p, outDir);
  if (built !== undefined) out.push(built);
  return out;
}
