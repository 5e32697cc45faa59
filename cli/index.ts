#!/usr/bin/env node
/**
 * npx tamed setup [--dry-run] [--project tsconfig.json]
 * npx tamed doctor [--project tsconfig.json]
 */
import { diagnose } from "./doctor.js";
import { CliError, project } from "./project.js";
import { planSetup } from "./setup.js";

const USAGE = `usage:
  npx tamed setup [--dry-run] [--project path/to/tsconfig.json]
      installs what is missing (ts-patch, typescript, tamed) with your package manager,
      adds the plugin to tsconfig.json, and makes the build script run tspc
  npx tamed doctor [--project path/to/tsconfig.json]
      checks the setup and prints each problem with its fix (exit code 1 if any)`;

function parse(argv: readonly string[]): { command: string | undefined; dryRun: boolean; tsconfig: string | undefined } {
  let command: string | undefined;
  let dryRun = false;
  let tsconfig: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--dry-run") dryRun = true;
    else if (a === "--project" || a === "-p") tsconfig = argv[++i];
    else if (a.startsWith("--project=")) tsconfig = a.slice("--project=".length);
    else if (a === "--help" || a === "-h") command = "help";
    else if (command === undefined && !a.startsWith("-")) command = a;
    else throw new CliError(`unknown argument \`${a}\``, USAGE);
  }
  return { command, dryRun, tsconfig };
}

function main(argv: readonly string[]): number {
  const { command, dryRun, tsconfig } = parse(argv);
  if (command === "help" || command === undefined) {
    console.log(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command === "setup") {
    const p = project(process.cwd(), tsconfig);
    const steps = planSetup(p, (msg) => console.log(`note: ${msg}`));
    if (steps.length === 0) {
      console.log("tamed setup: nothing to do, the project is set up (npx tamed doctor checks it further)");
      return 0;
    }
    for (const step of steps) {
      console.log(`${dryRun ? "would" : "-"} ${step.what}`);
      if (!dryRun) step.run();
    }
    console.log(dryRun ? "(dry run: nothing was changed)" : "done: build with `npm run build`, then run the output with node");
    return 0;
  }
  if (command === "doctor") {
    const findings = diagnose(project(process.cwd(), tsconfig));
    for (const f of findings) console.log(f.ok ? `ok       ${f.what}` : `PROBLEM  ${f.what}\n         fix: ${f.fix}`);
    const problems = findings.filter((f) => !f.ok).length;
    console.log(problems === 0 ? "no problems found" : `${problems} problem${problems === 1 ? "" : "s"} found`);
    return problems === 0 ? 0 : 1;
  }
  throw new CliError(`unknown command \`${command}\``, USAGE);
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  if (!(e instanceof CliError)) throw e;
  console.error(`tamed: ${e.message}\n${e.fix.startsWith("usage:") ? e.fix : `fix: ${e.fix}`}`);
  process.exitCode = 2;
}
