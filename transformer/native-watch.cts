/**
 * `npx tamed build --watch` on TypeScript 7.0: a build (native-build.cts) now, and another
 * after each change to the project's sources or configuration, as `tsc --watch` does; it
 * runs until the process is stopped. TypeScript 7's language server has no plugins, so
 * this is how a TypeScript 7 project sees tamed's diagnostics as its files are saved.
 *
 * Each rebuild is a whole build: TypeScript 7.0's API gives no program to update in
 * place (docs/research/ts7-api.md), so tsc and the checker start anew. Changes are
 * gathered for DEBOUNCE_MS (an editor's save, a git checkout), and a change during a
 * build makes one more build after it, never two at once.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { buildWithTypeScript7, type BuildOutput } from "./native-build.cjs";
import { findTsconfig } from "./project-files.cjs";

const DEBOUNCE_MS = 100;

/** A source or configuration file: TypeScript sources (not declarations), JSON (tsconfig, package.json, JSON modules). */
const WATCHED = /(?<!\.d)\.(?:[mc]?ts|tsx)$|\.json$/;
const IGNORED_DIRS = new Set(["node_modules", ".git", "__tamed__"]);

function time(): string {
  return new Date().toLocaleTimeString("en-GB", { hour12: false });
}

/**
 * Builds, then builds again on changes until the process is stopped. A first build that
 * does not get as far as opening the project (no tsconfig.json, TypeScript not 7.0) has
 * nothing to watch: its status is returned.
 */
export async function watchWithTypeScript7(cwd: string, project: string | undefined, io: BuildOutput): Promise<number> {
  /** Folders the build writes to: a change there is the build's own. Undefined until a build opened the project. */
  let outputs: string[] | undefined;
  // The folder of the tsconfig.json the build reads: its files are the project's.
  const config = project === undefined ? findTsconfig(cwd) : path.resolve(cwd, project);
  const root = config === undefined ? cwd : path.dirname(config);
  const build = async (): Promise<number> => {
    const status = await buildWithTypeScript7(cwd, project, {
      ...io,
      options: (o) => {
        outputs = [o.outDir, o.declarationDir].filter((d): d is string => d !== undefined).map((d) => path.resolve(d));
      },
    });
    if (outputs !== undefined) {
      io.out(
        `[${time()}] ${status === 0 ? "Build succeeded" : `Build failed (exit code ${status})`}. Watching for file changes.`,
      );
    }
    return status;
  };

  io.out(`[${time()}] Starting compilation in watch mode...`);
  const first = await build();
  if (outputs === undefined) return first;
  let building = false;
  let again = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const rebuild = async (): Promise<void> => {
    if (building) {
      again = true;
      return;
    }
    building = true;
    do {
      again = false;
      io.out(`[${time()}] File change detected. Starting compilation...`);
      await build();
    } while (again);
    building = false;
  };
  const ours = (file: string): boolean =>
    outputs!.some((d) => file === d || file.startsWith(d + path.sep)) || IGNORED_DIRS.has(path.basename(file));
  const changed = (file: string | undefined): void => {
    if (file !== undefined && !WATCHED.test(file)) return;
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      void rebuild();
    }, DEBOUNCE_MS);
  };
  watchTree(root, ours, changed);
  return new Promise<number>(() => {}); // until the process is stopped (Ctrl-C), as tsc --watch
}

/**
 * Watches `dir` and its folders, except those `skip` names, one non-recursive watcher
 * each: Node's recursive fs.watch on Linux walks and watches everything below, a
 * project's node_modules included (tens of thousands of inotify watches). A folder made
 * later is watched from its creation on, and counts as a change (`undefined`).
 */
function watchTree(dir: string, skip: (path: string) => boolean, changed: (file: string | undefined) => void): void {
  const watched = new Set<string>();
  const add = (folder: string): void => {
    if (watched.has(folder) || skip(folder)) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(folder, { withFileTypes: true });
      fs.watch(folder, (_event, name) => {
        if (name === null) return;
        const file = path.join(folder, name.toString());
        if (!fs.statSync(file, { throwIfNoEntry: false })?.isDirectory()) changed(file);
        else if (!watched.has(file) && !skip(file)) {
          add(file);
          changed(undefined); // a folder that came with its files (a checkout, a copy)
        }
      }).on("error", () => watched.delete(folder)); // the folder was removed
    } catch {
      return; // gone before it could be watched
    }
    watched.add(folder);
    for (const e of entries) if (e.isDirectory()) add(path.join(folder, e.name));
  };
  add(dir);
}
