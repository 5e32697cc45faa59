/**
 * Objects the runtime keeps alive for good, and why. V8 compiles hot code against the
 * hidden classes ("maps") of the objects it has seen there, and throws that code away
 * when a full GC frees one of those maps. An instance of a class gets its map through
 * one transition per field, and V8 holds transitions weakly: once no instance of a class
 * is alive, a full GC (a few GCs later) frees its maps. Calls come in bursts: a burst
 * settles, its tasks are dropped, V8 collects fully (it does when a process goes idle),
 * and the next burst runs the whole call path unoptimized until V8 compiles it again.
 * One live instance of each class a call makes keeps their maps: 1,000 async calls
 * made after a full GC took half the CPU they did before (46 to 24 ms, main thread and
 * workers together), and `--trace-deopt` shows no more "weak objects" deoptimizations.
 *
 * An instance kept must have the map the live ones have. A dummy made once may not:
 * V8 gives a class a new map when a field first holds a kind of value it did not before
 * (a fraction after whole numbers), and the dummy keeps the old one. So a pool keeps
 * its latest job (Pool.latest), and this module only classes whose fields cannot change
 * that way, checked by test/unit/hidden-classes.test.mjs.
 */
const kept: object[] = [];

/** Keeps `o` alive for as long as the runtime is loaded; returns it. */
export function keepAlive<T extends object>(o: T): T {
  kept.push(o);
  return o;
}
