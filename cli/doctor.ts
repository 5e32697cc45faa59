/**
 * `tamed doctor`: checks a project's setup and prints each problem with its fix. The
 * usual ones: the plugin missing from the tsconfig tsc actually reads, a ts-patch that
 * does not match the installed TypeScript, a build run with plain tsc (no worker
 * modules next to the output), a Node too old. A project on TypeScript 7.0 builds with
 * `tamed build` instead (no tspc, no ts-patch, no plugin entry): its own checks; one on a
 * TypeScript tamed does not support gets the transformer's refusal.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import { hasPlugin, JsoncError, lineCol, plain } from "./jsonc.js";
import { satisfies, TS_PATCH_4_NODE } from "./engines.js";
import {
  configChain,
  installedManifest,
  installedVersion,
  major,
  outDirOf,
  readPackageJson,
  runsTspc,
  tsPatchFor,
  type Project,
} from "./project.js";
import { TAMED_BUILD } from "./setup.js";
import { installedTypeScript } from "./typescript.js";
import { bundlerBuilds, bundlerChecks } from "./doctor-bundlers.js";

export interface Finding {
  readonly ok: boolean;
  readonly what: string;
  /** For a problem: what to do. */
  readonly fix?: string;
}

const MIN_NODE: readonly [number, number] = [20, 19];

function nodeCheck(): Finding {
  const [maj, min] = process.versions.node.split(".").map(Number) as [number, number];
  const ok = maj > MIN_NODE[0] || (maj === MIN_NODE[0] && min >= MIN_NODE[1]);
  return ok
    ? { ok, what: `Node ${process.versions.node}` }
    : {
        ok,
        what: `Node ${process.versions.node} is older than tamed supports`,
        fix: `use Node ${MIN_NODE.join(".")} or newer (22 and 24 work too)`,
      };
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
  const esbuild = installedVersion(p.root, "esbuild");
  if (esbuild === undefined)
    out.push({
      ok: false,
      what: "esbuild is not installed: tspc cannot bundle the worker modules",
      fix: "npm install --save-dev esbuild (or npx tamed setup)",
    });
  else out.push({ ok: true, what: `esbuild ${esbuild}` });
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

/**
 * The build toolchain's declared `engines.node` against the Node that runs it: a mismatch
 * makes npm warn on every install, and fail with `engine-strict=true`.
 */
function engineChecks(p: Project, node: string): Finding[] {
  const out: Finding[] = [];
  for (const name of ["typescript", "ts-patch", "tamed"]) {
    const manifest = installedManifest(p.root, name);
    const range = manifest?.engines?.node;
    if (manifest === undefined || typeof range !== "string" || satisfies(node, range) !== false) continue;
    const fix =
      name === "ts-patch" && satisfies(node, TS_PATCH_4_NODE) === false
        ? "use Node 22.15 or newer; or TypeScript 5.9 with ts-patch 3.3, which run on this Node: npm install --save-dev typescript@~5.9.0 ts-patch@^3.3.0"
        : `use a Node that ${name} accepts (${range})`;
    out.push({
      ok: false,
      what: `${name} ${manifest.version} requires Node ${range}, and this is Node ${node}: npm warns on every install, and refuses with engine-strict`,
      fix,
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

/** JavaScript files under `dir` (not node_modules), a few levels deep. */
function jsFiles(dir: string, depth = 4): string[] {
  if (depth < 0 || !existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name === "node_modules" || e.name === "__tamed__") return [];
    const full = join(dir, e.name);
    if (e.isDirectory()) return jsFiles(full, depth - 1);
    return /\.[cm]?js$/.test(e.name) ? [full] : [];
  });
}

/** `/** @tamed *\/` or `/** @makeAsync *\/` right before a function, as tsc keeps it in the output (unless removeComments). */
const JSDOC_MARKER =
  /\/\*\*(?:[^*]|\*(?!\/))*@(?:tamed|makeAsync)\b(?:[^*]|\*(?!\/))*\*\/\s*(?:export\s+)?(?:default\s+)?(?:async\s+)?function\b/;

/**
 * A build with the plugin writes __tamed__/ worker modules next to the output; a build
 * with plain tsc leaves marker calls without their descriptor and no worker modules.
 */
function outputCheck(
  p: Project,
  outDir: string | undefined,
  fix = "build with tspc (npm run build, once scripts.build runs tspc)",
): Finding | undefined {
  if (outDir === undefined || !existsSync(outDir)) return undefined;
  // Each file read once: output folders can be large.
  const marked = jsFiles(outDir)
    .map((file) => ({ file, text: readFileSync(file, "utf8") }))
    .filter(
      ({ text }) => (/\b(?:makeAsync|tamed)\s*\(/.test(text) || JSDOC_MARKER.test(text)) && /["']tamed["']/.test(text),
    );
  if (marked.length === 0) return undefined;
  const undescribed = marked.filter(({ text }) => !text.includes("__tamed__/")).map(({ file }) => file);
  const name = relative(p.root, outDir);
  if (undescribed.length === 0 && existsSync(join(outDir, "__tamed__", "manifest.json"))) {
    return { ok: true, what: `${name}/ has its worker modules (__tamed__/)` };
  }
  return {
    ok: false,
    what: `${name}/ was built without the plugin: ${relative(p.root, undescribed[0] ?? marked[0]!.file)} calls a marker with no worker module${existsSync(join(outDir, "__tamed__")) ? "" : `, and there is no ${name}/__tamed__/`}`,
    fix,
  };
}

/**
 * `module: node16`/`node18` in a CommonJS package: TypeScript reports TS1479 on every import
 * of tamed (an ES module package), since those modes cannot require() ES modules; nodenext
 * (and node20) can, as Node 20.19+ does.
 */
function moduleCheck(p: Project): Finding | undefined {
  let chain;
  try {
    chain = configChain(p.tsconfig);
  } catch {
    return undefined; // pluginCheck reports an unreadable tsconfig
  }
  const option = chain
    .map((c) => (plain(c.root) as { compilerOptions?: { module?: unknown } } | null)?.compilerOptions?.module)
    .find((m) => typeof m === "string");
  const kind = typeof option === "string" ? option.toLowerCase() : undefined;
  if (kind !== "node16" && kind !== "node18") return undefined;
  if (readPackageJson(p.root).data.type === "module") return undefined;
  return {
    ok: false,
    what: `${relative(p.root, p.tsconfig) || "tsconfig.json"} sets "module": "${option as string}" in a CommonJS package: TypeScript reports TS1479 on every import of tamed (an ES module package), since ${option as string} cannot require() ES modules`,
    fix: 'set "module": "nodenext" (its CommonJS files may require ES modules, as Node 20.19+ does), or make the package "type": "module"',
  };
}

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
function nativeChecks(p: Project, version: string, node: string): Finding[] {
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
  const esbuild = installedVersion(p.root, "esbuild");
  out.push(
    esbuild === undefined
      ? {
          ok: false,
          what: "esbuild is not installed: tamed build writes the JavaScript and the worker modules with it",
          fix: "npm install --save-dev esbuild (or npx tamed setup)",
        }
      : { ok: true, what: `esbuild ${esbuild}` },
  );
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
  const extra =
    bundled.length > 0
      ? bundlerChecks(p, bundled).filter((f) => !f.ok || /^\S+ builds with |^unplugin /.test(f.what))
      : [];
  const out = [nodeCheck(), finding, ...packageChecks(p), ...extra, ...engineChecks(p, node), scriptCheck(p)];
  const modules = moduleCheck(p);
  if (modules !== undefined) out.push(modules);
  const built = outputCheck(p, outDir);
  if (built !== undefined) out.push(built);
  return out;
}
