/**
 * The `tsc --api` process behind an open TypeScript 7 project (typescript7.cts), and its
 * snapshots: each analysis takes a new snapshot, the one before it stays readable (work
 * started on it, a dev server's worker build, may still run), and the one before that ends.
 * When the tsconfig's project lacks roots the analysis needs, the project moves to a process
 * of its own whose file-system callback serves a tsconfig adding them (typescript7-roots.cts);
 * the plain process then ends once no snapshot of it can still be read.
 *
 * It takes TypeScript 7's `typescript/unstable/sync` module from typescript7.cts, the one
 * file that loads it.
 */
import { missingRoots, RootsConfig } from "./typescript7-roots.cjs";

/* eslint-disable @typescript-eslint/no-explicit-any -- TypeScript 7's API objects are typed by its own package */
type Raw = any;

/** An API process, and the tsconfig it opens: the project's own, or one that adds roots it lacks. */
interface Session {
  readonly api: Raw;
  readonly roots?: RootsConfig;
}

/** A snapshot, and the session it is of. */
export interface Made {
  readonly session: object;
  readonly snapshot: Raw;
}

/**
 * Ends an API process, silently. TypeScript 7's close() releases the snapshots (requests to
 * the process), then closes the pipes and sends SIGTERM, and the process, whose stderr is
 * this one's (a user's terminal, a build log), sometimes prints "context canceled" as it
 * stops: one build in about thirty here. It only reads, so it has nothing to lose: it gets
 * SIGKILL, which it cannot answer, right before its pipes close. The channel is 7.0's
 * internal object; without it, the plain close().
 */
export function endApiProcess(api: Raw): void {
  const channel = api.client?.channel;
  const child = channel?.child;
  if (child !== undefined && typeof channel.close === "function") {
    const close = channel.close.bind(channel) as () => void;
    channel.close = (): void => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      close();
    };
  }
  api.close();
}

export class NativeSession {
  #session: Session;
  /** The session before the one with a RootsConfig, until its last snapshot is retired. */
  #stale: Session | undefined;

  /** `version`: TypeScript 7's, for the error when it opens no project. */
  constructor(
    readonly sync: Raw,
    readonly cwd: string,
    readonly configPath: string,
    readonly version: () => string,
  ) {
    this.#session = { api: new sync.API({ cwd }) };
  }

  /** Ends every process, and with them every snapshot. */
  close(): void {
    if (this.#stale !== undefined) endApiProcess(this.#stale.api);
    endApiProcess(this.#session.api);
  }

  /**
   * A new snapshot's project, holding `wanted`. `changes`: what changed on disk since the last
   * snapshot; `retired`: the snapshot to end once this one exists; `previous`: the one this
   * replaces, which stays readable.
   */
  open(
    wanted: readonly string[],
    changes?: Raw,
    retired?: Made,
    previous?: Made,
  ): { made: Made; project: Raw; names: readonly string[] } {
    let made = this.#snapshot(changes, wanted);
    this.#retire(retired);
    let project = this.#project(made);
    let names = project.program.getSourceFileNames() as readonly string[];
    if (this.#session.roots === undefined && missingRoots(names, wanted).length > 0) {
      // The callback costs a round trip per file read: only a project that needs it has it.
      made.snapshot.dispose();
      const config = new RootsConfig(this.configPath);
      if (previous === undefined) endApiProcess(this.#session.api);
      else this.#stale = this.#session;
      this.#session = { api: new this.sync.API({ cwd: this.cwd, fs: config.fs }), roots: config };
      made = this.#snapshot(undefined, wanted);
      project = this.#project(made);
      names = project.program.getSourceFileNames() as readonly string[];
    }
    return { made, project, names };
  }

  #retire(made: Made | undefined): void {
    if (made === undefined) return;
    if (made.session === this.#session) made.snapshot.dispose();
    else if (made.session === this.#stale) {
      endApiProcess(this.#stale.api);
      this.#stale = undefined;
    }
  }

  #snapshot(changes: Raw, wanted: readonly string[]): Made {
    const session = this.#session;
    const key = session.roots?.path ?? this.configPath;
    if (session.roots?.update(session.api, wanted) === true)
      session.api.updateSnapshot({ openProjects: [key], fileChanges: { changed: [key, this.configPath] } }).dispose();
    const snapshot = session.api.updateSnapshot({
      openProjects: [key],
      ...(changes === undefined ? {} : { fileChanges: changes }),
    });
    return { session, snapshot };
  }

  #project(made: Made): Raw {
    const key = (made.session as Session).roots?.path ?? this.configPath;
    const project = made.snapshot.getProject(key);
    if (project === undefined)
      throw new Error(`TypeScript ${this.version()} did not open ${this.configPath} as a project`);
    return project;
  }
}
