// npm start: builds each sample with tspc (the way a user's project builds) and runs it.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const tspc = join(here, "..", "node_modules", "ts-patch", "bin", "tspc.js");
const samples =
  process.argv.length > 2 ? process.argv.slice(2) : ["primes", "fast-async", "server", "progress", "cluster"];

let failed = 0;
for (const name of samples) {
  const dir = join(here, name);
  console.log(`\n== samples/${name}`);
  const steps = [[tspc, "-p", dir], [join(dir, "out", "main.js")]];
  for (const args of steps) {
    const r = spawnSync(process.execPath, args, { cwd: dir, stdio: "inherit" });
    if (r.status !== 0) {
      console.error(
        `samples/${name}: \`node ${args.map((a) => a.replace(here, "samples")).join(" ")}\` exited with ${r.status ?? r.signal}`,
      );
      failed++;
      break;
    }
  }
}
process.exitCode = failed > 0 ? 1 : 0;
