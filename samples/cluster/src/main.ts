// npm start: a local Redis, two `tamed worker` processes, and a batch of countPrimes calls
// sent through them with tamed/bullmq, printing where each ran. The same build runs on
// both sides: the workers load the worker modules tspc wrote to out/__tamed__/.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { AsyncExecutor } from "tamed";
import { bullmq, type RemoteTask } from "tamed/bullmq";
import { countHere, countPrimes } from "./primes.js";

if (spawnSync("redis-server", ["--version"]).status !== 0) {
  console.log("skipped: redis-server is not installed (Debian: apt-get install redis-server)");
  process.exit(0);
}

const out = dirname(fileURLToPath(import.meta.url));
const cli = join(dirname(createRequire(import.meta.url).resolve("tamed/package.json")), "dist", "cli", "index.js");

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Starts a process and resolves once it prints a line matching `ready`. */
function start(command: string, args: string[], ready: RegExp): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "inherit"] });
    let seen = "";
    child.stdout!.on("data", (d: Buffer) => {
      seen += d.toString();
      if (ready.test(seen)) {
        child.stdout!.removeAllListeners("data");
        child.stdout!.resume();
        resolve(child);
      }
    });
    child.once("exit", (code) => reject(new Error(`${command} exited (${code}) before it was ready:\n${seen}`)));
  });
}

const stopped = (child: ChildProcess): Promise<unknown> =>
  new Promise((r) => (child.exitCode !== null ? r(child.exitCode) : child.once("exit", r)));

const dir = mkdtempSync(join(tmpdir(), "tamed-sample-redis-"));
const port = await freePort();
const url = `redis://127.0.0.1:${port}`;
const redis = await start(
  "redis-server",
  ["--bind", "127.0.0.1", "--port", String(port), "--dir", dir, "--save", "", "--appendonly", "no"],
  /Ready to accept connections/,
);
const workers = await Promise.all(
  [1, 2].map(() =>
    start(process.execPath, [cli, "worker", "--redis", url, "--dir", join(out), "--threads", "1"], /ready/),
  ),
);
console.log(`Redis on ${url}, 2 worker processes (pids ${workers.map((w) => w.pid).join(", ")}), 1 thread each`);

const cluster = bullmq({ connection: url });
const executor = new AsyncExecutor({ backend: cluster });
const CHUNK = 250_000;
const chunks = Array.from({ length: 8 }, (_, i) => [i * CHUNK, (i + 1) * CHUNK] as const);
let failed = false;
try {
  const t0 = performance.now();
  const tasks = chunks.map(([from, to]) => executor.submit(countPrimes, from, to) as RemoteTask<number>);
  const counts = await Promise.all(tasks);
  const ms = performance.now() - t0;
  tasks.forEach((t, i) => {
    const [from, to] = chunks[i]!;
    const right = countHere(from, to) === counts[i];
    if (!right) failed = true;
    console.log(
      `  [${from}, ${to}): ${counts[i]} primes, on worker ${t.worker} thread ${t.threadId}${right ? "" : "  WRONG"}`,
    );
  });
  const used = new Set(tasks.map((t) => t.worker)).size;
  console.log(
    `primes below ${(8 * CHUNK).toLocaleString("en-US")}: ${counts.reduce((a, b) => a + b, 0).toLocaleString("en-US")}, in ${ms.toFixed(0)} ms on ${used} worker process${used === 1 ? "" : "es"}`,
  );
} finally {
  await cluster.close();
  for (const w of workers) w.kill("SIGTERM"); // each finishes what it holds (nothing now) and exits
  await Promise.all(workers.map(stopped));
  redis.kill("SIGTERM");
  await stopped(redis);
  rmSync(dir, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
