/**
 * A cluster worker process (`npx tamed worker`): takes jobs from the BullMQ queue and
 * runs them on this process's own tamed pool, never on its event loop (CPU work there
 * would block BullMQ's lock renewals and this process's heartbeat).
 *
 * - Only worker modules the build's manifest lists can run, and only for callers of the
 *   same build and wire (the build tag in the job, wire.ts): another build's job fails
 *   with BuildMismatchError, unrun.
 * - A heartbeat key with a TTL says this process is alive (heartbeat.ts); a caller whose
 *   job it holds fails the call with WorkerLostError once the key has expired or was deleted. BullMQ's own stalled
 *   check is set to fail such jobs too (`maxStalledCount: 0`), never to run them again.
 * - Cancellation: the caller's script marks the job cancelled, and publishes its id if a
 *   worker has it already (cancel.ts). A job marked when it is taken, or whose id was heard
 *   before it starts, is not run; a running one is cancelled on the pool (taskSignal(),
 *   checkpoint(), termination after the grace) when its id is heard, or, the message
 *   lost, when the heartbeat reads its mark.
 * - `stop()` (SIGTERM in the CLI) takes no new jobs and waits for those it holds to end
 *   here; then BullMQ has STORE_MS to store their results and close (Redis away, a call
 *   whose result it could not store fails as if this process had died). `abandon()` (a
 *   second SIGTERM) lets go of them at once, its heartbeat key deleted.
 * - Redis unreachable: said once (`warn`), and once more when it is back.
 */
import { availableParallelism, hostname } from "node:os";
import { Worker, type Job } from "bullmq";
import type { Redis } from "ioredis";
import { __internal, configure, DataCloneError, shutdown } from "../bundle.js";
import type { TaskSpec } from "../internal.js";
import { moduleUrl, readBuild } from "./build.js";
import { CANCEL_MARK } from "./cancel.js";
import { checkConnection, connect, type Connection } from "./connect.js";
import { KEEP } from "./options.js";
import { CANCELLED, keys, OK, outcomeValue, SKEW, THREW, unpack, type JobData, type Outcome } from "./wire.js";
import { Heartbeat } from "./heartbeat.js";
import { afterJobs, describeConnection, reportReachability } from "./reachable.js";
import { clock } from "../timers.js";
import { warn as processWarning } from "../warn.js";

const { getPool, toWire } = __internal;

export interface WorkerOptions {
  /** Redis: a URL or ioredis options. */
  connection: Connection;
  /** The build output folder: the one holding `__tamed__/manifest.json`. */
  dir: string;
  /** @default "tamed" */
  queue?: string;
  /** @default "bull" */
  prefix?: string;
  /**
   * Threads of this process's pool (configure({ maxThreads })).
   * @default os.availableParallelism()
   */
  threads?: number;
  /**
   * Jobs this process holds at once.
   * @default threads
   */
  concurrency?: number;
  /**
   * The heartbeat key's lifetime: callers fail a call this process holds once it has
   * expired (it is renewed every third of it).
   * @default 5000
   */
  heartbeatMs?: number;
  /** Called with each job as it starts and ends (for logs). */
  log?: (line: string) => void;
  /**
   * Called when Redis cannot be reached (once, until it can again) and when it is back.
   * @default a process warning (code TAMED_REDIS_UNREACHABLE)
   */
  warn?: (line: string) => void;
}

export interface ClusterWorker {
  /** This process's name in the cluster (`host:pid:id`), as calls' `task.worker` shows it. */
  readonly name: string;
  /** The build id it runs. */
  readonly build: string;
  /** Resolves once it takes jobs. */
  readonly ready: Promise<void>;
  /**
   * Takes no more jobs, waits for those it holds, and lets go of Redis and its pool.
   * Before it was ready, `ready` then rejects.
   */
  stop(): Promise<void>;
  /**
   * Stops at once, for a process about to exit (a second SIGTERM): lets go of the jobs it
   * holds, whose functions still run on its threads until the process ends, and deletes
   * its heartbeat key, so that their callers get WorkerLostError (or run them again, where
   * retries are opted in) within their pollMs. Resolves with how many jobs it held.
   */
  abandon(): Promise<number>;
}

interface Held {
  task: { cancel(reason?: unknown): boolean } | undefined;
  cancelled: boolean;
}

/**
 * The pool ends a thread's error stack with a "(tamed worker thread N)" frame (with no
 * local caller's frames under it: a job is submitted with none). The remote caller gets
 * its own boundary frame and call site instead. Only the error itself is changed (it is
 * this process's copy, rebuilt from the thread's).
 */
function withoutLocalCaller(e: unknown): unknown {
  if (!(e instanceof Error) || typeof e.stack !== "string") return e;
  const lines = e.stack.split("\n");
  const at = lines.findIndex((l) => l.includes("(tamed worker thread "));
  if (at >= 0)
    Object.defineProperty(e, "stack", { value: lines.slice(0, at).join("\n"), writable: true, configurable: true });
  return e;
}

/** Starts a cluster worker in this process. */
export function startWorker(options: WorkerOptions): ClusterWorker {
  const connection = checkConnection("startWorker()", options.connection);
  const build = readBuild(options.dir);
  const queueName = options.queue ?? "tamed";
  const prefix = options.prefix ?? "bull";
  const heartbeatMs = options.heartbeatMs ?? 5000;
  // Each job's lines are not even formatted when no one reads them.
  const logging = options.log !== undefined;
  const log = options.log ?? (() => {});
  if (options.threads !== undefined) configure({ maxThreads: options.threads });
  // One job per thread by default: jobs wait in Redis, where any worker process can take them, not here.
  const concurrency = options.concurrency ?? options.threads ?? availableParallelism();
  const name = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  const k = keys(prefix, queueName);
  const redis: Redis = connect(connection);
  const subscriber: Redis = connect(connection);
  const say = options.warn ?? ((line: string) => processWarning(line, undefined, "TAMED_REDIS_UNREACHABLE"));
  reportReachability(redis, describeConnection(connection), (line) => say(`${name}: ${line}`));
  const held = new Map<string, Held>();
  const specs = new Map<string, TaskSpec>();
  // A job's module index → its file URL: only modules the manifest lists get in.
  const urls = new Map<number, string>();

  const heart = new Heartbeat(redis, k.alive(name), heartbeatMs, () => void readMarks().catch(() => {}));

  // Cancels heard of jobs this process does not hold (yet): a caller publishes once a
  // worker has taken the job (cancel.ts), which can be before the processor below has
  // registered it. Kept a minute (at most 10,000), then forgotten.
  const heard = new Map<string, number>();
  subscriber.on("message", (_channel: string, id: string) => {
    const h = held.get(id);
    if (h !== undefined) return stopHeld(id, h, "heard");
    log(`job ${id}: cancel heard, of a job not running here (kept a minute, in case it is about to begin)`);
    const now = clock();
    heard.set(id, now);
    for (const [old, at] of heard) {
      if (now - at < 60_000 && heard.size <= 10_000) break;
      heard.delete(old);
    }
  });

  const stopHeld = (id: string, h: Held, how: string): void => {
    if (h.cancelled) return;
    log(`job ${id}: cancel ${how}`);
    h.cancelled = true;
    h.task?.cancel("cancelled by its caller");
  };

  // The message can be lost (a subscriber reconnecting misses it): the cancel mark of each
  // job running here is read as well, one pipelined read per heartbeat.
  const readMarks = async (): Promise<void> => {
    const running = [...held].filter(([, h]) => h.task !== undefined && !h.cancelled);
    if (running.length === 0) return;
    const marks = await redis.pipeline(running.map(([id]) => ["hget", worker.toKey(id), CANCEL_MARK])).exec();
    running.forEach(([id, h], i) => {
      if (marks?.[i]?.[1] === "1") stopHeld(id, h, "read from its mark");
    });
  };

  const tag = build.tag;
  /** The job's return value: the outcome, or the DataCloneError of a value v8.serialize cannot carry. */
  const reply = (fn: string, o: Outcome): Outcome | string => {
    try {
      return outcomeValue(o);
    } catch (e) {
      const error = toWire(new DataCloneError(fn, o[0] === OK ? "result" : "error", (e as Error).message));
      return outcomeValue([THREW, error, o[2], o[3]]);
    }
  };

  const processor = async (job: Job<JobData>): Promise<Outcome | string> => {
    if (!heart.written) await heart.beat().catch(() => {});
    const id = job.id!;
    const fn = job.name;
    const data = job.data;
    if (data.b !== tag) {
      if (logging) log(`job ${id}: ${fn}() is from build ${data.b}, this worker runs ${tag}: not run`);
      return reply(fn, [SKEW, tag, name, null]);
    }
    let url = urls.get(data.m);
    if (url === undefined) {
      url = moduleUrl(build, data.m);
      if (url !== undefined) urls.set(data.m, url);
    }
    if (url === undefined)
      return reply(fn, [
        THREW,
        toWire(new Error(`${fn}(): build ${build.id} has no worker module ${JSON.stringify(data.m)}`)),
        name,
        null,
      ]);
    const t0 = logging ? clock() : 0;
    const h: Held = { task: undefined, cancelled: false };
    held.set(id, h);
    try {
      // A cancel before the job was taken marked its data; one heard since is in `heard`;
      // one heard from now on finds it in `held` (nothing below awaits before the submit).
      if (data.x === 1 || heard.delete(id)) {
        if (logging) log(`job ${id}: ${fn}() cancelled before it began`);
        return reply(fn, [CANCELLED, "cancelled before it began", name, null]);
      }
      let spec = specs.get(url);
      if (spec === undefined) {
        spec = { name: fn, url, cpu: data.c, module: -1, owner: undefined, cost: Infinity, errors: undefined };
        specs.set(url, spec);
      }
      const args = unpack(data.a) as unknown[];
      // No local call site (it would be this module): the remote caller's frames go there
      // instead. Not configure({ callSites: false }), which would also take this process's own calls'.
      const task = getPool().submit(spec, args, undefined);
      h.task = task;
      if (logging) log(`job ${id}: ${fn}() started`);
      try {
        // The pool has already cloned it from its thread; what v8.serialize still cannot
        // carry, reply() sends back as DataCloneError (one serialization, not two).
        const value = await task;
        return reply(fn, [OK, value, name, task.threadId ?? null]);
      } catch (e) {
        const threadId = task.threadId ?? null;
        if (task.status === "cancelled") return reply(fn, [CANCELLED, "cancelled while it ran", name, threadId]);
        return reply(fn, [THREW, toWire(withoutLocalCaller(e)), name, threadId]);
      } finally {
        if (logging) log(`job ${id}: ${fn}() ${task.status} in ${(clock() - t0).toFixed(1)} ms`);
      }
    } finally {
      held.delete(id);
    }
  };

  // BullMQ leaves connections it was given open at close(): this one is closed below.
  const workerRedis = connect(connection);
  const worker = new Worker<JobData, Outcome | string>(queueName, processor, {
    connection: workerRedis,
    prefix,
    name,
    concurrency,
    autorun: false,
    // A job whose worker died is failed, never run again: tamed does not run a started call twice.
    maxStalledCount: 0,
    maxStartedAttempts: 1,
    // For callers that missed the completion event; a caller's keepMs puts its own in its jobs.
    removeOnComplete: KEEP,
    removeOnFail: KEEP,
  });
  // Connection errors while Redis is away: BullMQ and ioredis reconnect by themselves.
  worker.on("error", (e) => log(`BullMQ: ${e.message}`));
  let stopping: Promise<void> | undefined;
  const startup = (async () => {
    await heart.beat();
    await subscriber.subscribe(k.channel);
    await worker.waitUntilReady();
    if (stopping === undefined) void worker.run();
  })();
  // Stopped before it was ready (with Redis away, its commands wait for ever), `ready`
  // rejects at once. Handlers here: no unhandled rejection for a program that never awaited it.
  let notReady: (e: Error) => void = () => {};
  const ready = Promise.race([startup, new Promise<never>((_, reject) => (notReady = reject))]);
  startup.catch(() => {});
  ready.catch(() => {});

  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      notReady(new Error(`startWorker(): ${name} was stopped before it was ready`));
      // Not waiting for `startup`: with Redis away it never ends, and until it has, no job was taken.
      await afterJobs(worker.close(), () => held.size > 0); // waits for the jobs it holds
      await letGo();
      await shutdown();
    })());
  const letGo = async (): Promise<void> => {
    await heart.end();
    redis.disconnect();
    subscriber.disconnect();
    workerRedis.disconnect();
  };
  const abandon = async (): Promise<number> => {
    const holding = held.size;
    notReady(new Error(`startWorker(): ${name} was stopped before it was ready`));
    void worker.close(true).catch(() => {}); // not waiting for its jobs (already closing: the same close)
    await letGo();
    return holding;
  };

  return { name, build: build.id, ready, stop, abandon };
}
