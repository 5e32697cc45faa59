// A process-wide list under a Symbol.for key on globalThis, filled at load.
import { makeAsync } from "tamed";

interface Plugin {
  readonly name: string;
  readonly priority: number;
}

const kPlugins = Symbol.for("fidelity-corpus.plugins");
const store = globalThis as unknown as Record<symbol, Plugin[] | undefined>;
store[kPlugins] ??= [];
store[kPlugins].push({ name: "core", priority: 0 }, { name: "markdown", priority: 5 }, { name: "emoji", priority: 9 });

export const pluginsFrom = makeAsync((minPriority: number): string[] =>
  (store[kPlugins] ?? [])
    .filter((p) => p.priority >= minPriority)
    .map((p) => p.name),
);
