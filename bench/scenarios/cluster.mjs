// 10. Cluster: the cluster backend (tamed/bullmq) against raw BullMQ, measured by
// bench/cluster.mjs (npm run bench:cluster) in a process of its own, which builds
// bench/cluster, starts a redis-server on 127.0.0.1 and the worker processes of each
// side. Without redis-server (Debian's package) it is skipped, saying so: the other
// scenarios need nothing but Node.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { haveRedis } from "../../test/cluster/redis.mjs";
import { benchDir } from "../measure.mjs";

export const full = { args: [] };
export const quick = { args: ["--quick"] };

export async function run({ args }) {
  if (!haveRedis()) return { skipped: "redis-server is not installed (Debian: apt-get install redis-server)" };
  const child = spawnSync(process.execPath, [join(benchDir, "cluster.mjs"), "--result", ...args], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 16 * 2 ** 20,
    timeout: 540_000,
  });
  const line = child.stdout.split("\n").find((l) => l.startsWith("@@RESULT "));
  if (child.status !== 0 || line === undefined)
    throw new Error(`bench/cluster.mjs failed (${child.status ?? child.signal}):\n${child.stdout}`);
  return JSON.parse(line.slice("@@RESULT ".length));
}
