// The load generator, run by main.ts as a child process (node out/load.js '<LoadConfig as JSON>').
//
// Why a separate process: the figures must be what a client sees, so the clients must not
// share the server's thread. In inline mode that thread's event loop is blocked for each
// whole hash. A prober on it would fire its timers only between hashes and stamp each
// /health request as sent then, after the wait it is meant to measure: inline mode would
// look fast because the clock stopped with the server. The heavy clients would stall
// with it too. A worker thread of the server's process would have an event loop of its
// own and would also do; a process is what real clients are (it shares nothing with the
// server but loopback sockets and the machine's cores), and it can be killed if it hangs.
// It does little CPU work itself: it sends requests and compares strings.
import { pbkdf2Sync } from "node:crypto";
import { Agent, get } from "node:http";

export interface LoadConfig {
  port: number;
  /** How long to keep the heavy route busy and probe /health. */
  durationMs: number;
  /** Heavy clients, each sending its next /hash request as soon as the last one is answered. */
  clients: number;
  /** The prober sends a /health request this often, whatever the earlier ones are doing. */
  probeEveryMs: number;
  /** The server's PBKDF2 iterations, to compute the expected answers here. */
  iterations: number;
}

export interface LoadResult {
  /** Heavy requests answered correctly within the duration (later ones are checked, not counted). */
  served: number;
  perSecond: number;
  /** Heavy answers that differ from node:crypto's PBKDF2. */
  wrong: number;
  /** Requests (heavy or /health) that failed: an error, a timeout or a status other than 200. */
  failed: number;
  probes: number;
  p50: number;
  p99: number;
  max: number;
  /** The first few failures and wrong answers, to print. */
  problems: string[];
}

const config = JSON.parse(process.argv[2] ?? "") as LoadConfig;

// Keep-alive agents, as a real client or proxy would use, with every connection opened
// before the clock starts (see warmUp below). The prober has its own agent, with room for
// many probes in flight, so a slow probe does not hold the next one back.
const PROBE_SOCKETS = 64;
const heavyAgent = new Agent({ keepAlive: true, maxSockets: config.clients });
const probeAgent = new Agent({ keepAlive: true, maxSockets: PROBE_SOCKETS });

/** One GET; resolves with the status and body, rejects on a socket error or after 10 s. */
function request(agent: Agent, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = get({ host: "127.0.0.1", port: config.port, path, agent }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      res.on("error", reject);
    });
    req.setTimeout(10_000, () => req.destroy(new Error(`no answer to GET ${path} within 10 s`)));
    req.on("error", reject);
  });
}

// A few users to log in, each with the answer computed here, independently of the
// server's TypeScript PBKDF2: node:crypto's (the check is cheap, done once per user).
const users = Array.from({ length: 8 }, (_, i) => {
  const password = `correct horse battery staple #${i}`;
  const salt = `salt-${i}`;
  return {
    path: `/hash?password=${encodeURIComponent(password)}&salt=${encodeURIComponent(salt)}`,
    expected: pbkdf2Sync(password, salt, config.iterations, 32, "sha256").toString("hex"),
  };
});

// Open every connection now, while the server is idle. libuv accepts one new connection
// per turn of the event loop (libuv PR #3696; Node 20.20 has libuv 1.46), and inline a
// turn lasts several hashes: a prober opening connections as it needed them would queue
// for accept() and open more, and saw seconds of delay here, timing its own pile-up more
// than the route. With the connections open, a probe waits only for the event loop.
async function warmUp(agent: Agent, sockets: number): Promise<void> {
  await Promise.all(Array.from({ length: sockets }, () => request(agent, "/health")));
}
await warmUp(heavyAgent, config.clients);
await warmUp(probeAgent, PROBE_SOCKETS);

let served = 0;
let wrong = 0;
let failed = 0;
const problems: string[] = [];
const problem = (text: string): void => void (problems.length < 5 && problems.push(text));

const start = performance.now();
const end = start + config.durationMs;

async function heavyClient(id: number): Promise<void> {
  for (let n = id; performance.now() < end; n += config.clients) {
    const user = users[n % users.length];
    try {
      const { status, body } = await request(heavyAgent, user.path);
      if (status !== 200) {
        failed++;
        problem(`GET ${user.path}: status ${status}: ${body.trim()}`);
      } else if (body !== user.expected) {
        wrong++;
        problem(`GET ${user.path}: got ${body}, expected ${user.expected}`);
      } else if (performance.now() <= end) {
        served++;
      }
    } catch (error) {
      failed++;
      problem(`GET ${user.path}: ${error}`);
    }
  }
}

/** Sends /health every probeEveryMs on a fixed schedule; each latency is from send to last byte. */
async function prober(): Promise<number[]> {
  const latencies: number[] = [];
  const inFlight: Promise<void>[] = [];
  const count = Math.floor(config.durationMs / config.probeEveryMs);
  for (let k = 0; k < count; k++) {
    const due = start + k * config.probeEveryMs;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const sent = performance.now();
    inFlight.push(
      request(probeAgent, "/health").then(
        ({ status, body }) => {
          if (status === 200 && body === "ok") latencies.push(performance.now() - sent);
          else {
            failed++;
            problem(`GET /health: status ${status}: ${body.trim()}`);
          }
        },
        (error) => {
          failed++;
          problem(`GET /health: ${error}`);
        },
      ),
    );
  }
  await Promise.all(inFlight);
  return latencies.sort((a, b) => a - b);
}

const [latencies] = await Promise.all([prober(), ...Array.from({ length: config.clients }, (_, i) => heavyClient(i))]);
heavyAgent.destroy();
probeAgent.destroy();

/** Nearest-rank percentile of sorted values. */
const percentile = (p: number): number => latencies[Math.max(0, Math.ceil((p / 100) * latencies.length) - 1)] ?? NaN;
const result: LoadResult = {
  served,
  perSecond: served / (config.durationMs / 1000),
  wrong,
  failed,
  probes: latencies.length,
  p50: percentile(50),
  p99: percentile(99),
  max: latencies.at(-1) ?? NaN,
  problems,
};
// The IPC channel would keep this process alive: let go of it once the result is sent.
if (process.send) process.send(result, () => process.disconnect());
else console.log(JSON.stringify(result));
