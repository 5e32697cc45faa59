// A web server with a CPU-heavy route (password hashing, ~20 ms a request) and a /health
// route, put under the same load twice: first hashing inline on the server's thread,
// then with the same function marked with makeAsync, so the hashes run on tamed's worker
// pool and the server's thread only awaits them. Meanwhile a prober times /health. Inline,
// each probe waits behind the hashes already running; with makeAsync it is answered at once.
import { fork } from "node:child_process";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { awaitAll, poolStats } from "tamed";
import type { LoadConfig, LoadResult } from "./load.js";
import { pbkdf2Sha256Hex } from "./pbkdf2.js";
import { startServer, stopServer, type Hasher } from "./server.js";
import { pbkdf2Task } from "./tasks.js";

const SECONDS = Number(process.argv[2] ?? 3); // of load, for each mode
const CLIENTS = 4; // heavy clients, each sending its next request when its last one is answered
const PROBE_EVERY_MS = 10;
const TARGET_MS = 20; // of hashing per heavy request

// Size the work for this machine: PBKDF2 iterations for about TARGET_MS a request. This also
// warms up this thread's JIT, as it would be in a server that has been running a while.
const timeOf = (iterations: number): number => {
  const t0 = performance.now();
  pbkdf2Sha256Hex("calibrate", "salt", iterations);
  return performance.now() - t0;
};
for (let i = 0; i < 5; i++) timeOf(2_000);
const msPerIteration = Math.min(timeOf(5_000), timeOf(5_000), timeOf(5_000)) / 5_000;
const iterations = Math.max(1_000, Math.round(TARGET_MS / msPerIteration / 1_000) * 1_000);

/** Runs load.ts in a child process (why a process: see there) against the port; resolves with what it measured. */
function runLoad(config: LoadConfig): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL("./load.js", import.meta.url)), [JSON.stringify(config)], {
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    let result: LoadResult | undefined;
    const timer = setTimeout(() => child.kill(), config.durationMs + 30_000);
    child.on("message", (message) => (result = message as LoadResult));
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (code === 0 && result !== undefined) resolve(result);
      else
        reject(
          new Error(`the load generator exited with ${code ?? signal}${result === undefined ? " and no result" : ""}`),
        );
    });
  });
}

const modes: Array<[string, Hasher]> = [
  ["inline", pbkdf2Sha256Hex],
  ["makeAsync", pbkdf2Task],
];
const rows: Array<[string, LoadResult]> = [];
for (const [mode, hash] of modes) {
  if (mode === "makeAsync") {
    // Start the pool's workers and warm up their JIT before the load, as the inline mode's
    // thread was warmed up above (a real server would do this at start-up, or use minThreads).
    await awaitAll(
      Array.from({ length: 2 * availableParallelism() }, (_, i) => pbkdf2Task("warm-up", `${i}`, iterations)),
    );
  }
  const { server, port } = await startServer(hash, iterations);
  try {
    rows.push([
      mode,
      await runLoad({ port, durationMs: SECONDS * 1000, clients: CLIENTS, probeEveryMs: PROBE_EVERY_MS, iterations }),
    ]);
  } finally {
    await stopServer(server);
  }
}

const ms = (x: number): string => x.toFixed(2);
console.log(
  `PBKDF2-HMAC-SHA256, ${iterations.toLocaleString("en")} iterations (${(iterations * msPerIteration).toFixed(0)} ms a request on one thread); ` +
    `${CLIENTS} heavy clients and /health every ${PROBE_EVERY_MS} ms, ${SECONDS} s a mode; ${availableParallelism()} cores, pool of ${poolStats().threads} threads`,
);
console.log("");
console.log("| mode | heavy served | heavy/s | health probes | health p50 (ms) | health p99 (ms) | health max (ms) |");
console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const [mode, r] of rows) {
  console.log(
    `| ${mode} | ${r.served} | ${r.perSecond.toFixed(1)} | ${r.probes} | ${ms(r.p50)} | ${ms(r.p99)} | ${ms(r.max)} |`,
  );
}
console.log("");
const [inline, pooled] = [rows[0][1], rows[1][1]];
console.log(`health p99 inline / makeAsync: ${(inline.p99 / pooled.p99).toFixed(1)}x`);

// Every heavy answer was compared with node:crypto's PBKDF2 by the load generator.
for (const [mode, r] of rows) {
  if (r.wrong === 0 && r.failed === 0 && r.served > 0 && r.probes > 0) continue;
  console.error(
    `${mode}: ${r.wrong} wrong answers, ${r.failed} failed requests, ${r.served} heavy requests served, ${r.probes} probes answered`,
  );
  for (const p of r.problems) console.error(`  ${p}`);
  process.exitCode = 1;
}
