/**
 * A worker's stdout and stderr, sent to the caller on the pool's port.
 *
 * Node pipes a worker's `process.stdout` to its parent through the parent's event loop,
 * on a channel of its own: a caller blocked in `wait()` cannot print it, a program that
 * ends right after a `wait()` loses it, and with `await` it comes after the result (a
 * worker's stream sends one chunk and holds the rest until the parent's event loop has
 * acknowledged it). So the worker keeps what its streams are given and posts it on the
 * port its replies use, ahead of the next reply: the caller writes it, synchronously,
 * before it settles the task that printed it. Nothing is done per call when nothing is
 * printed.
 *
 * What is kept is posted: before every reply (the entry calls flushOutput() from send),
 * before the worker parks, at the end of the synchronous stretch that wrote it (a
 * microtask, for async tasks that print between awaits), when it passes MAX_CHARS, and
 * at once when nothing was posted for LIVE_MS, so that a long synchronous function's
 * progress lines show while it runs. Writes between those are joined into one message:
 * a loop of console.log costs one post per LIVE_MS, not one per line.
 */
import { STDERR, STDOUT, type OutputChunks } from "../protocol.js";
import { clock } from "../timers.js";

/** Characters kept before they are posted regardless. */
const MAX_CHARS = 64 * 1024;
/** A write this long after the last post goes out at once. */
const LIVE_MS = 10;

let kept: OutputChunks = [];
let chars = 0;
let lastPost = -Infinity;
let queued = false;
let post: (chunks: OutputChunks) => void = () => {};

type Chunk = { chunk: string | Uint8Array; encoding: BufferEncoding | "buffer" };
type Callback = (error?: Error | null) => void;

/**
 * Takes over this thread's process.stdout and process.stderr. Their Writable machinery
 * stays (callbacks, cork, 'finish'); only the sink changes, and it completes each write
 * at once, so a write's callback runs on the next tick instead of waiting for the
 * caller's event loop (a task that awaited it hung under a blocked wait()).
 */
export function captureOutput(poster: (chunks: OutputChunks) => void): void {
  post = poster;
  sink(process.stdout, STDOUT);
  sink(process.stderr, STDERR);
}

function sink(stream: NodeJS.WritableStream, fd: typeof STDOUT | typeof STDERR): void {
  const s = stream as unknown as {
    _write: (chunk: Chunk["chunk"], encoding: Chunk["encoding"], cb: Callback) => void;
    _writev: (chunks: Chunk[], cb: Callback) => void;
  };
  s._write = (chunk, encoding, cb) => {
    keep(fd, chunk, encoding);
    cb();
  };
  s._writev = (chunks, cb) => {
    for (const c of chunks) keep(fd, c.chunk, c.encoding);
    cb();
  };
}

function keep(
  fd: typeof STDOUT | typeof STDERR,
  chunk: string | Uint8Array,
  encoding: BufferEncoding | "buffer",
): void {
  // A string in another encoding ("hex", "latin1") becomes its bytes here; a buffer is
  // copied, since its writer may reuse it once the write has called back.
  const data =
    typeof chunk === "string"
      ? encoding === "utf8" || encoding === "utf-8" || encoding === "buffer"
        ? chunk
        : new Uint8Array(Buffer.from(chunk, encoding))
      : new Uint8Array(chunk);
  const n = kept.length;
  if (n > 0 && kept[n - 2] === fd && typeof data === "string" && typeof kept[n - 1] === "string") kept[n - 1] += data;
  else kept.push(fd, data);
  chars += data.length;
  if (chars >= MAX_CHARS || clock() - lastPost >= LIVE_MS) flushOutput();
  else if (!queued) {
    queued = true;
    queueMicrotask(flushQueued);
  }
}

function flushQueued(): void {
  queued = false;
  flushOutput();
}

/** Posts what was written and not posted yet. */
export function flushOutput(): void {
  if (kept.length === 0) return;
  const chunks = kept;
  kept = [];
  chars = 0;
  lastPost = clock();
  post(chunks);
}
