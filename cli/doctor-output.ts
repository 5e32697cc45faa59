/**
 * doctor's look at the last build's output: marked functions in the emitted JavaScript
 * without worker modules beside them mean the build ran without tamed (plain tsc, or
 * TypeScript 7's tsc).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { Finding } from "./doctor.js";
import type { Project } from "./project.js";

/** JavaScript files under `dir` (not node_modules), a few levels deep. */
function jsFiles(dir: string, depth = 4): string[] {
  if (depth < 0 || !existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name === "node_modules" || e.name === "__tamed__") return [];
    const full = join(dir, e.name);
    if (e.isDirectory()) return jsFiles(full, depth - 1);
    return /\.[cm]?js$/.test(e.name) ? [full] : [];
  });
}

/** `/** @tamed *\/` or `/** @makeAsync *\/` right before a function, as tsc keeps it in the output (unless removeComments). */
const JSDOC_MARKER =
  /\/\*\*(?:[^*]|\*(?!\/))*@(?:tamed|makeAsync)\b(?:[^*]|\*(?!\/))*\*\/\s*(?:export\s+)?(?:default\s+)?(?:async\s+)?function\b/;

/**
 * Comments, strings and template literals, blanked out before looking for marker calls: a
 * program may print "tamed()" or mention makeAsync(fn) in a comment. (A regular expression
 * literal holding a quote can fool this: a lexer's worth of precision is not worth it for
 * advice.)
 */
const NOT_CODE = /\/\/[^\n]*|\/\*[\s\S]*?\*\/|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/g;

/** A marker called: `makeAsync(`, `tamed(`, or as tsc's CommonJS output calls an import, `(0, tamed_1.makeAsync)(`. */
const MARKER_CALL = /\b(?:makeAsync|tamed)\s*\)?\s*\(/;

/** Whether a file of the output calls a marker or has a marker comment, and imports tamed. */
function callsMarker(text: string): boolean {
  if (!/["']tamed["']/.test(text)) return false;
  return JSDOC_MARKER.test(text) || MARKER_CALL.test(text.replace(NOT_CODE, " "));
}

/**
 * A build with the plugin writes __tamed__/ worker modules next to the output; a build
 * with plain tsc leaves marker calls without their descriptor and no worker modules.
 */
export function outputCheck(
  p: Project,
  outDir: string | undefined,
  fix = "build with tspc (npm run build, once scripts.build runs tspc)",
): Finding | undefined {
  if (outDir === undefined || !existsSync(outDir)) return undefined;
  // Each file read once: output folders can be large.
  const marked = jsFiles(outDir)
    .map((file) => ({ file, text: readFileSync(file, "utf8") }))
    .filter(({ text }) => callsMarker(text));
  if (marked.length === 0) return undefined;
  const undescribed = marked.filter(({ text }) => !text.includes("__tamed__/")).map(({ file }) => file);
  const name = relative(p.root, outDir);
  if (undescribed.length === 0 && existsSync(join(outDir, "__tamed__", "manifest.json"))) {
    return { ok: true, what: `${name}/ has its worker modules (__tamed__/)` };
  }
  return {
    ok: false,
    what: `${name}/ was built without the plugin: ${relative(p.root, undescribed[0] ?? marked[0]!.file)} calls a marker with no worker module${existsSync(join(outDir, "__tamed__")) ? "" : `, and there is no ${name}/__tamed__/`}`,
    fix,
  };
}
