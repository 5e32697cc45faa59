// vitest globalSetup for the integration tests: the real build, as `npm run build` does it.
import { spawnSync } from "node:child_process";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

export default function setup() {
  const here = dirname(fileURLToPath(import.meta.url));
  const r = spawnSync("npx", ["tspc", "-p", here], { encoding: "utf8", shell: process.platform === "win32" });
  if (r.status !== 0) throw new Error(`tspc failed:\n${r.stdout}${r.stderr}${r.error ?? ""}`);
}
