/** The options of `bullmq(...)`: what a caller may set, checked once, with their defaults. */
import { checkConnection, type Connection } from "./connect.js";

export interface BullmqOptions {
  /** Redis: a URL (`redis://127.0.0.1:6379`, `rediss://` for TLS) or ioredis options. */
  connection: Connection;
  /**
   * The BullMQ queue's name; workers must be started with the same (`--queue`).
   * @default "tamed"
   */
  queue?: string;
  /**
   * BullMQ's key prefix.
   * @default "bull"
   */
  prefix?: string;
  /**
   * How long a call may go without news before its job is looked up in Redis (events
   * may be lost), and how often: the bound on a lost event's delay, and part of the
   * bound on noticing a dead worker process (its heartbeat TTL plus this).
   * @default 1000
   */
  pollMs?: number;
  /**
   * How long finished jobs are kept in Redis for callers that missed their event, at
   * most the queue's last 100,000 completed and 100,000 failed ones: BullMQ removes older
   * ones as others finish, in the whole queue. Unset, the worker processes apply the
   * default; set, it travels in each job, whose stored options then outgrow Redis's
   * compact hash (wire.ts JobData), which costs Redis more per call.
   * @default 3600000 (an hour)
   */
  keepMs?: number;
}

const OPTIONS = ["connection", "queue", "prefix", "pollMs", "keepMs"];

/** The options as the backend uses them: checked, defaults filled in. */
export interface Settings {
  readonly connection: Connection;
  readonly queue: string;
  readonly prefix: string;
  readonly pollMs: number;
  /**
   * Every job's options but its id: none unless keepMs is set (the workers' KEEP applies),
   * so that a job's stored options stay short (wire.ts JobData). Finished jobs stay for
   * callers that missed the event (a remove per call would cost Redis a script each).
   * One try: BullMQ's default.
   */
  readonly jobOptions: Readonly<Record<string, unknown>>;
}

/** At most this many finished jobs of each kind (completed, failed) stay in a queue. */
const KEEP_JOBS = 100_000;

/**
 * The finished jobs a worker process keeps, for jobs that do not carry a rule of their
 * own (BullMQ's `removeOnComplete`/`removeOnFail`, age in seconds): keepMs's default.
 */
export const KEEP = { age: 3600, count: KEEP_JOBS };

export function readOptions(options: BullmqOptions): Settings {
  if (typeof options !== "object" || options === null)
    throw new TypeError('bullmq(): options must be an object like { connection: "redis://127.0.0.1:6379" }');
  for (const key of Object.keys(options)) {
    if (!OPTIONS.includes(key))
      throw new TypeError(
        `bullmq(): unknown option \`${key}\`; the options are ${OPTIONS.map((k) => `\`${k}\``).join(", ")}`,
      );
  }
  return {
    connection: checkConnection("bullmq()", options.connection),
    queue: options.queue ?? "tamed",
    prefix: options.prefix ?? "bull",
    pollMs: positive("pollMs", options.pollMs ?? 1000),
    // null as unset, as for pollMs.
    jobOptions: options.keepMs == null ? {} : keepFor(positive("keepMs", options.keepMs)),
  };
}

function keepFor(ms: number): Record<string, unknown> {
  const keep = { age: Math.ceil(ms / 1000), count: KEEP_JOBS };
  return { removeOnComplete: keep, removeOnFail: keep };
}

function positive(name: string, v: unknown): number {
  if (typeof v !== "number" || !(v > 0) || !Number.isFinite(v))
    throw new RangeError(`bullmq(): \`${name}\` must be a positive number of milliseconds, got ${String(v)}`);
  return v;
}

/** A function's retry option (`bind(fn, { retries })`, `idempotent(fn, { retries })`): how many runs after a lost one. */
export interface RetryOptions {
  /**
   * How many times a call may be run again after its job was lost: its worker process
   * died or stopped answering (WorkerLostError), or its job left Redis (JobLostError).
   * Only for idempotent functions: a lost run may have done part of its work, or all of it.
   * Errors the function throws, cancels and build skew are never retried.
   */
  retries?: number;
}

/** The `retries` option checked; undefined when not given. */
export function readRetries(where: string, options: RetryOptions | undefined): number | undefined {
  if (options === undefined) return undefined;
  if (typeof options !== "object" || options === null)
    throw new TypeError(`${where}: options must be an object like { retries: 2 }`);
  for (const key of Object.keys(options))
    if (key !== "retries") throw new TypeError(`${where}: unknown option \`${key}\`; the option is \`retries\``);
  const v = options.retries;
  if (v !== undefined && (typeof v !== "number" || !Number.isInteger(v) || v < 0))
    throw new RangeError(`${where}: \`retries\` must be a non-negative whole number, got ${String(v)}`);
  return v;
}
