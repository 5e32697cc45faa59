/** poolStats(): what the pool is doing now. */
import { getPool } from "./pool/pool.js";

/** What the pool is doing now: threads started, tasks on them, tasks queued. */
export interface PoolStats {
  threads: number;
  running: number;
  queued: number;
}

/**
 * A snapshot of the pool.
 *
 * @example
 * console.log(poolStats()); // { threads: 2, running: 2, queued: 6 }
 */
export function poolStats(): PoolStats {
  return getPool().stats();
}
