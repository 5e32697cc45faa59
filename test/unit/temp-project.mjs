// Shared by the unit tests of setup and doctor: a project made by hand in a temporary folder
// (package.json files only, no npm), for planSetup and diagnose to look at.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A project whose package.json has tamed as a dependency and `build` as its build script (none
 * if undefined), with `tsconfig` as its tsconfig.json, `files` (name → text) at its top, and
 * `packages` (name → version) "installed". Its folder is pushed to `dirs`, for the test to remove.
 */
export function tempProject(dirs, { prefix, packages = {}, build, tsconfig, files = {} }) {
  const root = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(root);
  writeFileSync(
    join(root, "package.json"),
    JSON.stringify({
      name: "app",
      type: "module",
      dependencies: { tamed: "*" },
      ...(build === undefined ? {} : { scripts: { build } }),
    }),
  );
  writeFileSync(join(root, "tsconfig.json"), tsconfig);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, name), text);
  for (const [name, version] of Object.entries(packages)) {
    mkdirSync(join(root, "node_modules", name), { recursive: true });
    writeFileSync(join(root, "node_modules", name, "package.json"), JSON.stringify({ name, version }));
  }
  return { root, pm: "npm", tsconfig: join(root, "tsconfig.json") };
}
