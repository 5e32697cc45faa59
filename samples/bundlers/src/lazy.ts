import { threadId } from "node:worker_threads";

/**
 * A marked declaration (the stub's edit imports the runtime itself), in a module main.ts
 * imports lazily: the tools split it into a chunk of its own (Vite puts it in assets/),
 * and its worker module goes beside that chunk.
 */
/** @tamed */
export async function threadOf(label: string): Promise<string> {
  return `${label}@${threadId}`;
}
