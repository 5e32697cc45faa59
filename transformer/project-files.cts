/**
 * The TypeScript sources under a folder, read from disk without TypeScript: what the
 * esbuild plugin looks through before it decides whether a build needs an analysis at
 * all (loading the compiler alone costs more than most esbuild builds).
 */
import * as fs from "node:fs";
import * as path from "node:path";

const SOURCE = /\.(?:[cm]?ts|tsx)$/;

/** path → text of every .ts/.tsx/.mts/.cts file (not .d.ts) under `dirs`, skipping node_modules, dot folders and `skip`. */
export function readSources(dirs: readonly string[], skip: ReadonlySet<string>): Map<string, string> {
  const texts = new Map<string, string>();
  const stack = [...new Set(dirs.map((d) => path.resolve(d)))];
  const seen = new Set<string>();
  while (stack.length > 0) {
    const dir = stack.pop()!;
    if (seen.has(dir) || skip.has(dir)) continue;
    seen.add(dir);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (e.name === "node_modules" || e.name.startsWith(".") || e.name === "__tamed__") continue;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) stack.push(full);
      else if (e.isFile() && SOURCE.test(e.name) && !e.name.endsWith(".d.ts") && !/\.d\.[cm]ts$/.test(e.name))
        texts.set(full, fs.readFileSync(full, "utf8"));
    }
  }
  return texts;
}

/** The tsconfig.json in `dir` or the nearest folder above it. */
export function findTsconfig(dir: string): string | undefined {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const f = path.join(d, "tsconfig.json");
    if (fs.existsSync(f)) return f;
    if (path.dirname(d) === d) return undefined;
  }
}

/** JSON with comments and trailing commas, as tsconfig.json is written. */
function parseJsonc(text: string): unknown {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
      out += text.slice(start, i + 1);
    } else if (c === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
      out += "\n";
    } else if (c === "/" && text[i + 1] === "*") {
      i = text.indexOf("*/", i + 2);
      if (i < 0) break;
      i++;
    } else out += c;
  }
  return JSON.parse(out.replace(/,(\s*[}\]])/g, "$1"));
}

/**
 * The folders a tsconfig's sources are under: each `include` pattern's folder before its
 * first wildcard, and each of `files`' folders (following relative `extends`); the
 * tsconfig's own folder when it names none.
 */
export function sourceRoots(configPath: string): string[] {
  const roots: string[] = [];
  const seen = new Set<string>();
  let include: unknown;
  let files: unknown;
  let includeBase = path.dirname(configPath);
  for (let file: string | undefined = configPath; file !== undefined && !seen.has(file);) {
    seen.add(file);
    let json: { include?: unknown; files?: unknown; extends?: unknown };
    try {
      json = parseJsonc(fs.readFileSync(file, "utf8")) as typeof json;
    } catch {
      break;
    }
    const dir = path.dirname(file);
    if (include === undefined && files === undefined && (json.include !== undefined || json.files !== undefined)) {
      include = json.include;
      files = json.files;
      includeBase = dir;
    }
    const ext = typeof json.extends === "string" ? json.extends : undefined;
    file =
      ext !== undefined && (ext.startsWith(".") || path.isAbsolute(ext))
        ? path.resolve(dir, ext.endsWith(".json") ? ext : `${ext}.json`)
        : undefined;
  }
  const configDir = path.dirname(configPath);
  const expand = (p: string): string => path.resolve(includeBase, p.replaceAll("${configDir}", configDir));
  for (const p of Array.isArray(include) ? include : []) {
    if (typeof p !== "string") continue;
    const head = p.replaceAll("${configDir}", configDir).replaceAll("\\", "/").split("/");
    const stop = head.findIndex((part) => /[*?[{]/.test(part));
    roots.push(path.resolve(includeBase, stop < 0 ? head.join("/") : head.slice(0, stop).join("/") || "."));
  }
  for (const f of Array.isArray(files) ? files : []) if (typeof f === "string") roots.push(path.dirname(expand(f)));
  return roots.length > 0 ? roots : [configDir];
}
