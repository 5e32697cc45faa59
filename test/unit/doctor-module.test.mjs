// doctor on `module: node16`/`node18` in a CommonJS package, where TypeScript reports
// TS1479 on every import of tamed (an ES module package).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { diagnose } from "../../dist/cli/doctor.js";

const dirs = [];
test.after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function projectWith(module, type) {
  const root = mkdtempSync(join(tmpdir(), "tamed-module-"));
  dirs.push(root);
  writeFileSync(
    join(root, "package.json"),
    JSON.stringify({ name: "app", ...(type === undefined ? {} : { type }), scripts: { build: "tspc" } }),
  );
  writeFileSync(
    join(root, "tsconfig.json"),
    `{ "compilerOptions": { "module": "${module}", "plugins": [{ "transform": "tamed/transformer" }] } }`,
  );
  return { root, pm: "npm", tsconfig: join(root, "tsconfig.json") };
}
const moduleFinding = (p) => diagnose(p).find((f) => f.what.includes('"module"'));

test("doctor flags module node16 or node18 in a CommonJS package (TS1479 on every import of tamed), with the fix", () => {
  for (const [module, type] of [
    ["node16", undefined],
    ["Node18", "commonjs"],
  ]) {
    const f = moduleFinding(projectWith(module, type));
    assert.ok(f !== undefined && !f.ok, `${module} ${type}`);
    assert.is(
      f.what,
      `tsconfig.json sets "module": "${module}" in a CommonJS package: TypeScript reports TS1479 on every import of tamed (an ES module package), since ${module} cannot require() ES modules`,
    );
    assert.is(
      f.fix,
      'set "module": "nodenext" (its CommonJS files may require ES modules, as Node 20.19+ does), or make the package "type": "module"',
    );
  }
});

test("doctor says nothing of node16 in an ES module package, nor of nodenext in a CommonJS one", () => {
  assert.is(moduleFinding(projectWith("node16", "module")), undefined);
  assert.is(moduleFinding(projectWith("nodenext", undefined)), undefined);
  assert.is(moduleFinding(projectWith("commonjs", undefined)), undefined);
});

test.run();
