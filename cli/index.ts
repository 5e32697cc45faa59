#!/usr/bin/env node
/**
 * npx tamed setup [--dry-run] [--project tsconfig.json]
 * npx tamed build [--watch] [--project tsconfig.json]
 * npx tamed doctor [--project tsconfig.json]
 * npx tamed inspect [--project tsconfig.json] [--out folder] [--json] [name...]
 * npx tamed worker --redis redis://... [--threads N] [--concurrency N] [--queue name] [--prefix p] [--dir folder] [--project tsconfig.json]
 * npx tamed --version
 */
import { readFileSync } from "node:fs";
import { diagnose } from "./doctor.js";
import { findManifests, listing, select } from "./inspect.js";
import { CliError, project } from "./project.js";
import { planSetup } from "./setup.js";
import { worker } from "./worker.js";

type NativeBuild = (
  cwd: string,
  project: string | undefined,
  io: { out: (s: string) => void; err: (s: string) => void },
) => Promise<number>;

/**
 * `tamed build` (`--watch`): the transformer's TypeScript 7 build (dist/transformer beside
 * dist/cli), loaded only for this command.
 */
async function build(cwd: string, tsconfig: string | undefined, watch: boolean): Promise<number> {
  const file = watch ? "native-watch.cjs" : "native-build.cjs";
  const m = (await import(new URL(`../transformer/${file}`, import.meta.url).href)) as Record<string, NativeBuild>;
  const run = m[watch ? "watchWithTypeScript7" : "buildWithTypeScript7"]!;
  return run(cwd, tsconfig, { out: (s) => console.log(s), err: (s) => console.error(s) });
}

const USAGE = `usage:
  npx tamed setup [--dry-run] [--project path/to/tsconfig.json]
      installs what is missing (ts-patch, typescript, tamed) with your package manager,
      adds the plugin to tsconfig.json, and makes the build script run tspc; with TypeScript 7.0,
      installs esbuild and makes the build script run tamed build (no ts-patch, tsconfig.json as is);
      with a bundler's config (vite/rollup/webpack/rspack.config.*, an esbuild script), installs what
      tamed's plugin for it needs and says what to add to the config
  npx tamed build [--watch] [--project path/to/tsconfig.json]
      with TypeScript 7.0: type-checks the project with TypeScript 7's tsc, reports tamed's
      diagnostics, and emits its JavaScript (with the stubs), declarations and worker modules
      (exit code 1 or tsc's on errors; TypeScript 5.9/6 projects build with tspc); with
      --watch (-w), builds again after each change to the project's files, until stopped
  npx tamed doctor [--project path/to/tsconfig.json]
      checks the setup and prints each problem with its fix (exit code 1 if any)
  npx tamed inspect [--project path/to/tsconfig.json] [--out folder] [--json] [name...]
      after a build: for each worker module (or those of the functions named), the statements
      it runs at load, the files it loads whole (flagging top-level code that runs in every
      worker, such as a server.listen()), and the packages it imports. It reads the build's
      __tamed__/manifest.json files under the tsconfig's outDir, or under --out (esbuild's
      outdir, or any folder); --json prints them as JSON (exit code 1 if none is found)
  npx tamed worker --redis redis://host:6379 [--threads N] [--concurrency N] [--queue name] [--prefix p] [--dir folder] [--project path/to/tsconfig.json]
      a cluster worker process (tamed/bullmq; needs the packages bullmq and ioredis): takes calls
      from the BullMQ queue (default "tamed", under the key prefix --prefix, default "bull": the
      callers' bullmq({ queue, prefix })) and runs them on its own pool of N threads, for the
      build in --dir (default: the one under the tsconfig's outDir); SIGTERM stops it after the
      calls it holds, a second SIGTERM at once
  npx tamed --version
      prints tamed's version`;

interface Args {
  command: string | undefined;
  dryRun: boolean;
  watch: boolean;
  json: boolean;
  tsconfig: string | undefined;
  out: string | undefined;
  names: string[];
  redis: string | undefined;
  threads: string | undefined;
  concurrency: string | undefined;
  queue: string | undefined;
  prefix: string | undefined;
  dir: string | undefined;
}

function parse(argv: readonly string[]): Args {
  const args: Args = {
    command: undefined,
    dryRun: false,
    watch: false,
    json: false,
    tsconfig: undefined,
    out: undefined,
    names: [],
    redis: undefined,
    threads: undefined,
    concurrency: undefined,
    queue: undefined,
    prefix: undefined,
    dir: undefined,
  };
  const WORKER_FLAGS = ["redis", "threads", "concurrency", "queue", "prefix", "dir"] as const;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--dry-run") args.dryRun = true;
    else if (a === "--watch" || a === "-w") args.watch = true;
    else if (a === "--json") args.json = true;
    else if (a === "--project" || a === "-p") args.tsconfig = argv[++i];
    else if (a.startsWith("--project=")) args.tsconfig = a.slice("--project=".length);
    else if (a === "--out") args.out = argv[++i];
    else if (a.startsWith("--out=")) args.out = a.slice("--out=".length);
    else if (WORKER_FLAGS.some((f) => a === `--${f}` || a.startsWith(`--${f}=`))) {
      const f = WORKER_FLAGS.find((x) => a === `--${x}` || a.startsWith(`--${x}=`))!;
      const value = a.includes("=") ? a.slice(a.indexOf("=") + 1) : argv[++i];
      if (value === undefined) throw new CliError(`\`--${f}\` needs a value`, USAGE);
      args[f] = value;
    } else if (a === "--help" || a === "-h") args.command = "help";
    else if (a === "--version" || a === "-v") args.command = "version";
    else if (args.command === undefined && !a.startsWith("-")) args.command = a;
    else if (args.command === "inspect" && !a.startsWith("-")) args.names.push(a);
    else throw new CliError(`unknown argument \`${a}\``, USAGE);
  }
  if (args.command !== "inspect" && args.command !== "help" && args.command !== "version") {
    const stray = args.json ? "--json" : args.out !== undefined ? "--out" : undefined;
    if (stray !== undefined) throw new CliError(`\`${stray}\` is an option of inspect only`, USAGE);
  }
  if (args.command !== "worker") {
    const stray = WORKER_FLAGS.find((f) => args[f] !== undefined);
    if (stray !== undefined) throw new CliError(`\`--${stray}\` is an option of worker only`, USAGE);
  }
  return args;
}

function main(argv: readonly string[]): number | Promise<number> {
  const parsed = parse(argv);
  const { command, dryRun, json, tsconfig, out, names } = parsed;
  if (command === "worker") return worker(process.cwd(), parsed);
  if (command === "help" || command === undefined) {
    console.log(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command === "version") {
    // dist/cli/index.js → the package's own package.json.
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
    console.log(pkg.version);
    return 0;
  }
  if (command === "setup") {
    const p = project(process.cwd(), tsconfig);
    const steps = planSetup(p, (msg) => console.log(`note: ${msg}`));
    if (steps.length === 0) {
      console.log("tamed setup: nothing to do, the project is set up (npx tamed doctor checks it further)");
      return 0;
    }
    for (const step of steps) {
      // What setup does not take itself (a bundler config is code): said, for you to do.
      if (step.byHand === true) {
        console.log(`to do by hand: ${step.what}`);
        continue;
      }
      console.log(`${dryRun ? "would" : "-"} ${step.what}`);
      if (!dryRun) step.run();
    }
    const byHand = steps.some((s) => s.byHand === true);
    console.log(
      dryRun
        ? "(dry run: nothing was changed)"
        : `done: ${byHand ? "do what is left to do by hand, then " : ""}build with \`npm run build\`, then run the output with node`,
    );
    return 0;
  }
  if (command === "build") return build(process.cwd(), tsconfig, parsed.watch);
  if (command === "doctor") {
    const findings = diagnose(project(process.cwd(), tsconfig));
    for (const f of findings) console.log(f.ok ? `ok       ${f.what}` : `PROBLEM  ${f.what}\n         fix: ${f.fix}`);
    const problems = findings.filter((f) => !f.ok).length;
    console.log(problems === 0 ? "no problems found" : `${problems} problem${problems === 1 ? "" : "s"} found`);
    return problems === 0 ? 0 : 1;
  }
  if (command === "inspect") {
    const manifests = select(findManifests(process.cwd(), out, tsconfig), names);
    console.log(json ? JSON.stringify({ manifests }, null, 2) : listing(process.cwd(), manifests).join("\n"));
    return 0;
  }
  throw new CliError(`unknown command \`${command}\``, USAGE);
}

function fail(e: unknown): void {
  if (!(e instanceof CliError)) throw e;
  // An error whose message already says what to do (an unsupported TypeScript) has no fix line.
  console.error(
    `tamed: ${e.message}${e.fix === "" ? "" : `\n${e.fix.startsWith("usage:") ? e.fix : `fix: ${e.fix}`}`}`,
  );
  process.exitCode = e.status;
  if (e.exitNow) process.exit(e.status);
}

try {
  const code = main(process.argv.slice(2));
  if (typeof code === "number") process.exitCode = code;
  else
    code.then(
      (c) => void (process.exitCode = c),
      (e: unknown) => {
        try {
          fail(e);
        } catch (x) {
          console.error(x);
          process.exitCode = 1;
        }
      },
    );
} catch (e) {
  fail(e);
}
