/**
 * `npx tamed worker --redis redis://... [--threads N] [--concurrency N] [--queue name] [--prefix p] [--dir folder]`:
 * a cluster worker process (tamed/bullmq's startWorker) for the build in this project.
 * SIGTERM or SIGINT stops it cleanly: it takes no new jobs and finishes those it holds; a second one stops it at once.
 */
import { existsSync } from "node:fs";
import { constants } from "node:os";
import { dirname, join, resolve } from "node:path";
import { findManifests } from "./inspect.js";
import { CliError } from "./project.js";

export interface WorkerArgs {
  readonly redis: string | undefined;
  readonly threads: string | undefined;
  readonly concurrency: string | undefined;
  readonly queue: string | undefined;
  readonly prefix: string | undefined;
  readonly dir: string | undefined;
  readonly tsconfig: string | undefined;
}

/** What the CLI uses of tamed/bullmq (runtime/bullmq/worker.ts), which it loads only for this command. */
interface Cluster {
  startWorker(options: {
    connection: string;
    dir: string;
    queue?: string;
    prefix?: string;
    threads?: number;
    concurrency?: number;
    log?: ((line: string) => void) | undefined;
    warn?: (line: string) => void;
  }): {
    readonly name: string;
    readonly build: string;
    readonly ready: Promise<void>;
    stop(): Promise<void>;
    abandon(): Promise<number>;
  };
}

const INSTALL = "install them beside tamed: npm install bullmq ioredis";

function count(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1)
    throw new CliError(`\`${flag}\` must be a positive integer, got ${v}`, `for example ${flag} 4`);
  return n;
}

/** The build output folder: --dir, or the one folder under the tsconfig's outDir with a manifest. */
function buildDir(cwd: string, dir: string | undefined, tsconfig: string | undefined): string {
  if (dir !== undefined) {
    const d = resolve(cwd, dir);
    if (!existsSync(join(d, "__tamed__", "manifest.json")))
      throw new CliError(
        `${dir} has no __tamed__/manifest.json`,
        "point --dir at the output folder of a build made with tamed (the folder holding __tamed__/)",
      );
    return d;
  }
  const manifests = findManifests(cwd, undefined, tsconfig);
  if (manifests.length > 1)
    throw new CliError(
      `${manifests.length} builds found (${manifests.map((m) => m.file).join(", ")})`,
      "name the one to run with --dir",
    );
  return dirname(dirname(resolve(cwd, manifests[0]!.file)));
}

export async function worker(cwd: string, a: WorkerArgs): Promise<number> {
  if (a.redis === undefined)
    throw new CliError("`--redis` is required", "for example: npx tamed worker --redis redis://127.0.0.1:6379");
  const threads = count("--threads", a.threads);
  const concurrency = count("--concurrency", a.concurrency);
  const dir = buildDir(cwd, a.dir, a.tsconfig);
  let cluster: Cluster;
  try {
    // The bundle beside the runtime's (dist/runtime/bullmq.js), as users import tamed/bullmq.
    cluster = (await import(new URL("../runtime/bullmq.js", import.meta.url).href)) as Cluster;
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === "ERR_MODULE_NOT_FOUND" && /'(bullmq|ioredis)'/.test((e as Error).message))
      throw new CliError("the cluster worker needs the packages bullmq and ioredis, which are not installed", INSTALL);
    throw e;
  }
  let w: ReturnType<Cluster["startWorker"]>;
  try {
    w = cluster.startWorker({
      connection: a.redis,
      dir,
      ...(a.queue === undefined ? {} : { queue: a.queue }),
      ...(a.prefix === undefined ? {} : { prefix: a.prefix }),
      ...(threads === undefined ? {} : { threads }),
      ...(concurrency === undefined ? {} : { concurrency }),
      log: process.env["TAMED_WORKER_LOG"] === "1" ? (line) => console.log(line) : undefined,
      warn: (line) => console.error(`tamed worker ${line}`),
    });
  } catch (e) {
    // What it refuses as it starts (the connection given, the build read) says what to do itself.
    throw new CliError((e as Error).message, "");
  }
  // Listening before it says it is ready: a SIGTERM from then on stops it cleanly. A
  // second one (Ctrl-C twice, an impatient supervisor) stops it at once, as the default
  // action would, but saying so, and with its heartbeat key deleted: the callers of the
  // jobs it lets go get WorkerLostError within their pollMs instead of the key's TTL.
  let signalled = false;
  let abandoning = false;
  const stopped = new Promise<void>((done) => {
    const stop = (signal: NodeJS.Signals): void => {
      // A third: not even the heartbeat key's delete is waited for (up to 2 s if Redis does not answer).
      if (abandoning) process.exit(128 + constants.signals[signal]);
      if (signalled) {
        abandoning = true;
        const now = (n: number | undefined): never => {
          const jobs = n === 1 ? "the 1 job it holds is" : `the ${n === undefined ? "" : `${n} `}jobs it holds are`;
          console.error(`tamed worker ${w.name}: ${signal} again, stopping now: ${jobs} let go (WorkerLostError)`);
          process.exit(128 + constants.signals[signal]);
        };
        w.abandon().then(now, () => now(undefined));
        return;
      }
      signalled = true;
      console.log(`tamed worker ${w.name}: ${signal}, finishing the jobs it holds (${signal} again: stop now)`);
      w.stop().then(done, (e: unknown) => {
        console.error(e);
        done();
      });
    };
    process.on("SIGTERM", stop);
    process.on("SIGINT", stop);
  });
  try {
    await w.ready;
  } catch (e) {
    // A signal before it was ready (Redis away, say) stops it as cleanly as after.
    if (!signalled) {
      // What Redis refused (a wrong password, an ACL): it will refuse it again. Its
      // message only: ioredis's error also holds the command, an AUTH's password in it.
      await w.stop().catch(() => {});
      throw new CliError(
        `could not start: Redis answered ${(e as Error).message}`,
        "check --redis (its user, password and the permissions Redis gives it), then start the worker again",
        2,
        true,
      );
    }
  }
  if (!signalled)
    console.log(
      `tamed worker ${w.name}: build ${w.build} from ${dir}, queue ${a.queue ?? "tamed"}${a.prefix === undefined ? "" : ` under prefix ${a.prefix}`}, ready`,
    );
  await stopped;
  console.log(`tamed worker ${w.name}: stopped`);
  // Handles a worker module left open (a server, a timer) must not keep a stopped worker up.
  process.exit(0);
}
