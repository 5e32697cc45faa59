/**
 * doctor's checks of the Node a project runs on, whatever builds it: tamed's minimum, the
 * build toolchain's declared `engines.node`, and a tsconfig `module` under which TypeScript
 * cannot import tamed as this Node can (node16/node18 in a CommonJS package).
 */
import { relative } from "node:path";
import type { Finding } from "./doctor.js";
import { satisfies, TS_PATCH_4_NODE } from "./engines.js";
import { plain } from "./jsonc.js";
import { configChain, installedManifest, readPackageJson, type Project } from "./project.js";

const MIN_NODE: readonly [number, number] = [20, 19];

export function nodeCheck(): Finding {
  const [maj, min] = process.versions.node.split(".").map(Number) as [number, number];
  const ok = maj > MIN_NODE[0] || (maj === MIN_NODE[0] && min >= MIN_NODE[1]);
  return ok
    ? { ok, what: `Node ${process.versions.node}` }
    : {
        ok,
        what: `Node ${process.versions.node} is older than tamed supports`,
        fix: `use Node ${MIN_NODE.join(".")} or newer (22 and 24 work too)`,
      };
}

/**
 * The build toolchain's declared `engines.node` against the Node that runs it: a mismatch
 * makes npm warn on every install, and fail with `engine-strict=true`.
 */
export function engineChecks(p: Project, node: string): Finding[] {
  const out: Finding[] = [];
  for (const name of ["typescript", "ts-patch", "tamed"]) {
    const manifest = installedManifest(p.root, name);
    const range = manifest?.engines?.node;
    if (manifest === undefined || typeof range !== "string" || satisfies(node, range) !== false) continue;
    const fix =
      name === "ts-patch" && satisfies(node, TS_PATCH_4_NODE) === false
        ? "use Node 22.15 or newer; or TypeScript 5.9 with ts-patch 3.3, which run on this Node: npm install --save-dev typescript@~5.9.0 ts-patch@^3.3.0"
        : `use a Node that ${name} accepts (${range})`;
    out.push({
      ok: false,
      what: `${name} ${manifest.version} requires Node ${range}, and this is Node ${node}: npm warns on every install, and refuses with engine-strict`,
      fix,
    });
  }
  return out;
}

/**
 * `module: node16`/`node18` in a CommonJS package: TypeScript reports TS1479 on every import
 * of tamed (an ES module package), since those modes cannot require() ES modules; nodenext
 * (and node20) can, as Node 20.19+ does.
 */
export function moduleCheck(p: Project): Finding | undefined {
  let chain;
  try {
    chain = configChain(p.tsconfig);
  } catch {
    return undefined; // pluginCheck reports an unreadable tsconfig
  }
  const option = chain
    .map((c) => (plain(c.root) as { compilerOptions?: { module?: unknown } } | null)?.compilerOptions?.module)
    .find((m) => typeof m === "string");
  const kind = typeof option === "string" ? option.toLowerCase() : undefined;
  if (kind !== "node16" && kind !== "node18") return undefined;
  if (readPackageJson(p.root).data.type === "module") return undefined;
  return {
    ok: false,
    what: `${relative(p.root, p.tsconfig) || "tsconfig.json"} sets "module": "${option as string}" in a CommonJS package: TypeScript reports TS1479 on every import of tamed (an ES module package), since ${option as string} cannot require() ES modules`,
    fix: 'set "module": "nodenext" (its CommonJS files may require ES modules, as Node 20.19+ does), or make the package "type": "module"',
  };
}
