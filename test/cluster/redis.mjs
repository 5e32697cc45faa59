// Test services for the cluster tests: a real redis-server on a free port of
// 127.0.0.1 with its own temporary folder (never a system Redis service), and real
// `npx tamed worker` processes. Each is stopped by its PID.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as assert from "uvu/assert";
import { build, ROOT } from "../helpers.mjs";

/** The built CLI, `tamed`. */
export const CLI = join(ROOT, "dist", "cli", "index.js");

/** A port nothing listens on now (the kernel's pick, released at once). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Resolves when `child` prints a line matching `re` on stdout (rejects if it exits or takes longer than `ms`). */
function waitFor(child, re, ms, what) {
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`${what} did not get ready within ${ms} ms:\n${out}`)), ms);
    const onData = (d) => {
      out += d;
      if (re.test(out)) {
        clearTimeout(timer);
        child.stdout.off("data", onData);
        resolve(out);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", (d) => (out += d));
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code ?? signal}) before it was ready:\n${out}`));
    });
  });
}

/** Whether redis-server is installed (.ci/run installs it; the cluster tests need it). */
export function haveRedis() {
  return spawnSync("redis-server", ["--version"]).status === 0;
}

/**
 * Starts redis-server on a free port of 127.0.0.1 in a new temporary folder.
 * `persist: true` turns on the append-only file (AOF); `password`, requirepass. Returns { url, port, pid, stop() }.
 */
export async function startRedis({ persist = false, password } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "tamed-redis-"));
  const launch = async (port) => {
    const args = [
      "--bind",
      "127.0.0.1",
      "--port",
      String(port),
      "--dir",
      dir,
      "--save",
      "",
      "--appendonly",
      persist ? "yes" : "no",
      "--maxmemory-policy",
      "noeviction",
      "--protected-mode",
      "yes",
      ...(password === undefined ? [] : ["--requirepass", password]),
    ];
    const child = spawn("redis-server", args, { stdio: ["ignore", "pipe", "pipe"] });
    try {
      await waitFor(child, /Ready to accept connections/, 15_000, "redis-server");
    } catch (e) {
      child.kill("SIGKILL");
      throw e;
    }
    child.stdout.resume();
    child.stderr.resume();
    return child;
  };
  const stop = async (child) => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      process.kill(child.pid, "SIGTERM"); // a clean shutdown: with persistence, the AOF is flushed
      await exited;
    }
  };
  let port;
  let child;
  for (let attempt = 0; child === undefined; attempt++) {
    port = await freePort();
    try {
      child = await launch(port);
    } catch (e) {
      if (attempt < 3) continue; // the port was taken meanwhile
      rmSync(dir, { recursive: true, force: true });
      throw e;
    }
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    get pid() {
      return child.pid;
    },
    dir,
    /** Stops it and starts it again on the same port and folder (what persistence keeps, it keeps). */
    async restart() {
      await stop(child);
      child = await launch(port);
    },
    async stop() {
      await stop(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Starts `tamed worker` (the CLI, from the build) as its own process, for the build in
 * `dir`. Resolves when it says it is ready. Returns { name, pid, child, output(), stop(signal) }.
 */
export async function startWorker({ redis, dir, threads = 1, queue, prefix, concurrency, env = {} }) {
  const args = [CLI, "worker", "--redis", redis, "--dir", dir, "--threads", String(threads)];
  if (queue !== undefined) args.push("--queue", queue);
  if (prefix !== undefined) args.push("--prefix", prefix);
  if (concurrency !== undefined) args.push("--concurrency", String(concurrency));
  const e = { ...process.env, TAMED_WORKER_LOG: "1", ...env };
  delete e.FORCE_COLOR;
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"], env: e });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (out += d));
  const ready = await waitFor(child, /tamed worker (\S+): .*ready/, 30_000, "tamed worker");
  const name = /tamed worker (\S+):/.exec(ready)[1];
  const exited = new Promise((r) => child.once("exit", (code, signal) => r({ code, signal })));
  return {
    name,
    pid: child.pid,
    child,
    exited,
    output: () => out,
    /** Sends `signal` and resolves with how it exited. */
    async stop(signal = "SIGTERM") {
      try {
        if (child.exitCode === null && child.signalCode === null) process.kill(child.pid, signal);
      } catch (e) {
        // It has exited, and its "exit" event is on its way: `exited` resolves with it.
        if (e.code !== "ESRCH") throw e;
      }
      return exited;
    },
  };
}

/**
 * What the cluster tests start from: the fixture test/fixtures/cluster built with tspc,
 * its compiled stubs, a redis-server and two `tamed worker` processes of that build.
 * Returns { out, tasks, redis, workers }.
 */
export async function startFixture() {
  assert.ok(haveRedis(), "redis-server is not installed: .ci/run installs it (apt-get install redis-server)");
  const out = build("cluster").outDir;
  const tasks = await import(join(out, "tasks.js"));
  const redis = await startRedis();
  const workers = await Promise.all([
    startWorker({ redis: redis.url, dir: out }),
    startWorker({ redis: redis.url, dir: out }),
  ]);
  return { out, tasks, redis, workers };
}
