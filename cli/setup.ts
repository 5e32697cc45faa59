/**
 * `tamed setup`: installs what is missing, adds the plugin to tsconfig.json, makes the
 * build script run tspc; on TypeScript 7.0, which ts-patch cannot patch, installs esbuild
 * and makes the build script run `tamed build` instead, leaving tsconfig.json as it is
 * (build-script.ts rewrites the script); in a project that builds with a bundler, what its
 * plugin needs (setup-bundlers.ts). Each step looks at the project first, so a second run
 * finds nothing to do; `--dry-run` prints the steps without taking them.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { addCompilerOption, addNodeTypes, addPlugin, JsoncError, lineCol, plain } from "./jsonc.js";
import { missingRootDir } from "./doctor-rootdir.js";
import { Settings } from "./tsconfig-settings.js";
import { ESBUILD, satisfies, toolchainFor, TS_PATCH_4_NODE } from "./engines.js";
import {
  addDevCommand,
  CliError,
  configChain,
  installedVersion,
  major,
  readPackageJson,
  runsTspc,
  tsPatchFor,
  UnsupportedTypeScriptVersion,
  type Project,
} from "./project.js";
import {
  bundlerConfigs,
  bundlerNote,
  bundlerPackages,
  buildsWithBundler,
  pluginToAdd,
  type BundlerConfig,
} from "./setup-bundlers.js";
import { installedTypeScript, type TypeScriptPath } from "./typescript.js";
import { buildScript, nativeBuildScript } from "./build-script.js";

export interface Step {
  readonly what: string;
  readonly run: () => void;
  /** A step setup does not take (editing a bundler's config, which is code): it says what to do. */
  readonly byHand?: boolean;
}

function runCommand(cwd: string, command: readonly string[]): void {
  const r = spawnSync(command[0]!, command.slice(1), { cwd, stdio: "inherit", shell: process.platform === "win32" });
  if (r.status !== 0) {
    throw new CliError(
      `\`${command.join(" ")}\` failed (${r.error?.message ?? `exit code ${r.status}`})`,
      `run it yourself, then \`npx tamed setup\` again`,
    );
  }
}

/**
 * The dev dependencies to add: TypeScript if absent (6 where this Node can take ts-patch 4,
 * else 5.9), ts-patch if absent or not the one for the TypeScript; with why, when the
 * choice is not the newest. On TypeScript 7.0, esbuild only; on a TypeScript tamed does not
 * support, nothing: the transformer's refusal, before anything is installed.
 */
function missingPackages(p: Project, node: string): { specs: string[]; because?: string } {
  // esbuild bundles the worker modules at build time: a dev dependency, so that an app's
  // production install carries only tamed's runtime. @types/node, for this Node's major:
  // tamed's declarations import node:worker_threads, and tsc fails on them without it (TS2591).
  const esbuild = [
    ...(installedVersion(p.root, "esbuild") === undefined ? [ESBUILD] : []),
    ...(installedVersion(p.root, "@types/node") === undefined && nodeTypesPlan(p).install
      ? [`@types/node@^${major(node)}`]
      : []),
  ];
  const installed = installedTypeScript(p.root, "tamed setup");
  if (installed?.kind === "unsupported") throw new UnsupportedTypeScriptVersion(installed.refusal);
  // tamed build needs esbuild, and neither ts-patch nor tspc (which cannot load TypeScript 7).
  if (installed?.kind === "native") return { specs: esbuild };
  const ts = installed?.version;
  if (ts === undefined) {
    const chain = toolchainFor(node);
    return {
      specs: [chain.typescript, chain.tsPatch, ...esbuild],
      ...(chain.because === undefined ? {} : { because: chain.because }),
    };
  }
  const want = tsPatchFor(major(ts));
  if (want === undefined)
    throw new CliError(
      `TypeScript ${ts} is too old for tamed`,
      "install TypeScript 6, or 5.9 (npm install --save-dev typescript@~5.9.0)",
    );
  const patch = installedVersion(p.root, "ts-patch");
  if (patch !== undefined && major(patch) === want) return { specs: esbuild };
  if (want === 4 && satisfies(node, TS_PATCH_4_NODE) === false) {
    throw new CliError(
      `TypeScript ${ts} needs ts-patch 4, which requires Node ${TS_PATCH_4_NODE}, and this is Node ${node} (npm would warn on every install, and refuse with engine-strict)`,
      "use Node 22.15 or newer; or TypeScript 5.9 with ts-patch 3.3, which run on Node 20: npm install --save-dev typescript@~5.9.0 ts-patch@^3.3.0",
    );
  }
  return { specs: [want === 4 ? "ts-patch@^4.0.0" : "ts-patch@^3.3.0", ...esbuild] };
}

/**
 * The tsconfig's edits: tamed's plugin (`plugin`, for tspc), and "node" in
 * `compilerOptions.types` where tsc would not load @types/node (see addNodeTypes; since
 * TypeScript 6 no @types package loads unless listed) and setup sees to it (nodeTypesPlan).
 */
function tsconfigStep(p: Project, plugin: boolean, typescript: string): Step | undefined {
  const text = readFileSync(p.tsconfig, "utf8");
  let withPlugin: string;
  let withTypes: string;
  let next: string;
  const rootDir = rootDirToAdd(p, typescript);
  try {
    withPlugin = plugin ? addPlugin(text) : text;
    withTypes = nodeTypesPlan(p).edit ? addNodeTypes(withPlugin, major(typescript) < 6) : withPlugin;
    next = rootDir === undefined ? withTypes : addCompilerOption(withTypes, "rootDir", rootDir);
  } catch (e) {
    if (e instanceof JsoncError) {
      throw new CliError(
        `${relative(p.root, p.tsconfig)}:${lineCol(text, e.offset)}: ${e.message}`,
        "fix the file (it must be JSON with comments), then run setup again",
      );
    }
    throw e;
  }
  if (next === text) return undefined;
  const what = [
    ...(withPlugin !== text ? ['add { "transform": "tamed/transformer" } to compilerOptions.plugins'] : []),
    ...(withTypes !== withPlugin
      ? ["add \"node\" to compilerOptions.types (tamed's declarations need Node's types)"]
      : []),
    ...(next !== withTypes
      ? [
          `add "rootDir": "${rootDir}" to compilerOptions (TypeScript 6 and later stop with TS5011 on "outDir" without it when the sources are all in a folder)`,
        ]
      : []),
  ];
  return {
    what: `${what.join(", and ")} in ${relative(p.root, p.tsconfig) || "tsconfig.json"}`,
    run: () => writeFileSync(p.tsconfig, next),
  };
}

/** The rootDir doctor would ask for (doctor-rootdir.ts), for the TypeScript the build will run. */
function rootDirToAdd(p: Project, typescript: string): string | undefined {
  try {
    const chain = configChain(p.tsconfig);
    return missingRootDir(p, chain, new Settings(chain), typescript);
  } catch {
    return undefined; // a tsconfig chain setup cannot read: doctor says why
  }
}

/**
 * Whether setup sees to Node's types: where doctor would flag them, that is unless
 * `skipLibCheck` is on (tamed's declarations are not checked then) or a config the
 * tsconfig extends is a package's, which is not read here. `edit`: whether "node" may be
 * added to the tsconfig's own `types`, which it may not when a config it extends sets
 * `types` (a list here would replace that one: doctor says what to add there).
 */
function nodeTypesPlan(p: Project): { install: boolean; edit: boolean } {
  let chain;
  try {
    chain = configChain(p.tsconfig);
  } catch {
    return { install: false, edit: false };
  }
  const options = chain.map(
    (c) => (plain(c.root) as { compilerOptions?: Record<string, unknown> } | null)?.compilerOptions ?? {},
  );
  const packageBase = chain.some((c) => {
    const ext = (plain(c.root) as { extends?: unknown } | null)?.extends;
    return (Array.isArray(ext) ? ext : [ext]).some((e) => typeof e === "string" && !e.startsWith("."));
  });
  if (packageBase || options.find((o) => o["skipLibCheck"] !== undefined)?.["skipLibCheck"] === true)
    return { install: false, edit: false };
  return { install: true, edit: !options.slice(1).some((o) => o["types"] !== undefined) };
}

function scriptStep(p: Project, kind: TypeScriptPath, warn: (msg: string) => void): Step | undefined {
  const current = readPackageJson(p.root).data.scripts?.["build"];
  const native = kind === "native" ? nativeBuildScript(current) : undefined;
  const next = kind === "native" ? (typeof native === "object" ? native.next : undefined) : buildScript(current);
  if (next === undefined) {
    if (typeof native === "string") warn(native);
    else if (kind === "classic" && current !== undefined && !runsTspc(current)) {
      warn(
        `scripts.build is \`${current}\`, which does not run tsc: make it run \`tspc\` (ts-patch's tsc) where it compiles TypeScript`,
      );
    }
    return undefined;
  }
  return {
    what:
      current === undefined ? `set scripts.build to "${next}"` : `change scripts.build from "${current}" to "${next}"`,
    run: () => {
      // Read again: installing packages rewrote package.json. Keep its indentation.
      const { data, text } = readPackageJson(p.root);
      data.scripts = { ...data.scripts, build: next };
      const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? "  ";
      writeFileSync(
        join(p.root, "package.json"),
        JSON.stringify(data, null, indent) + (text.endsWith("\n") ? "\n" : ""),
      );
    },
  };
}

/** Installing dev dependencies, with why when the versions are not the newest; none when there are none. */
function installStep(p: Project, specs: readonly string[], because?: string): Step[] {
  if (specs.length === 0) return [];
  const command = addDevCommand(p.pm, specs);
  return [
    {
      what: `install ${specs.join(", ")}${because === undefined ? "" : ` (${because})`}: ${command.join(" ")}`,
      run: () => runCommand(p.root, command),
    },
  ];
}

/** A project that builds with a bundler: what tamed's plugin for it needs, and what to add to each config. */
function bundlerSteps(p: Project, configs: readonly BundlerConfig[], warn: (msg: string) => void): Step[] {
  const installed = installedTypeScript(p.root, "tamed setup");
  if (installed?.kind === "unsupported") throw new UnsupportedTypeScriptVersion(installed.refusal);
  warn(bundlerNote(configs));
  return [
    ...installStep(p, bundlerPackages(p, configs)),
    ...configs.filter((c) => !c.uses).map((c) => ({ what: pluginToAdd(c), run: () => undefined, byHand: true })),
  ];
}

export function planSetup(p: Project, warn: (msg: string) => void, node = process.versions.node): Step[] {
  const steps: Step[] = [];
  const { data } = readPackageJson(p.root);
  const configs = bundlerConfigs(p.root);
  const viaBundler = buildsWithBundler(data.scripts?.["build"], configs);
  const { specs, because } = viaBundler ? { specs: [] } : missingPackages(p, node);
  if (
    data.dependencies?.["tamed"] === undefined &&
    data.devDependencies?.["tamed"] === undefined &&
    data.name !== "tamed"
  ) {
    // The built program imports tamed at run time: a dependency, not a dev dependency.
    const command = p.pm === "npm" ? ["npm", "install", "tamed"] : [p.pm, "add", "tamed"];
    steps.push({ what: `install tamed: ${command.join(" ")}`, run: () => runCommand(p.root, command) });
  }
  if (viaBundler) return [...steps, ...bundlerSteps(p, configs, warn)];
  // A bundler config beside a build that compiles with TypeScript's compiler (a client bundle, say).
  for (const c of configs.filter((c) => !c.uses))
    warn(`${c.file} builds with ${c.tool} too: if its bundle holds marked functions, ${pluginToAdd(c)}`);
  steps.push(...installStep(p, specs, because));
  const kind = installedTypeScript(p.root, "tamed setup")?.kind === "native" ? "native" : "classic";
  if (kind === "native") {
    warn(
      `TypeScript ${installedVersion(p.root, "typescript") ?? "7"} is installed: tamed builds it with \`tamed build\` (TypeScript 7's tsc type-checks, tamed emits the JavaScript and worker modules with esbuild), ` +
        `since TypeScript 7 has no transformer API and ts-patch cannot patch it; so no ts-patch, no tspc, and no plugin in tsconfig.json`,
    );
  }
  // The TypeScript the build will run: the installed one, or the one installed above.
  const typescript =
    installedVersion(p.root, "typescript") ?? toolchainFor(node).typescript.replace(/^typescript@\D*/, "");
  const config = tsconfigStep(p, kind === "classic", typescript);
  if (config !== undefined) steps.push(config);
  const script = scriptStep(p, kind, warn);
  if (script !== undefined) steps.push(script);
  return steps;
}
