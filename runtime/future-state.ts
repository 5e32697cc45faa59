/**
 * FutureState: how a future settles and is read, the part of Unfuture (future.ts) that
 * holds its state. It is a real Promise whose state the runtime also keeps, so that it
 * can be read and waited on synchronously; the runtime drives it through the symbols of
 * future-symbols.ts (kSettle, kCancelled, kFollow, listeners), users through `done()`,
 * `status`, `value`, `wait()` and `cancel()`. Listeners run from settle-queue.ts; a
 * blocked wait() is blocking-wait.ts; following a value or another future is follow.ts.
 * Making futures and chaining them (setResult, from, continueWith, subscribe) is future.ts.
 */
import { blockWhile, waitTimeout } from "./blocking-wait.js";
import { CancelledError, NotReadyError, TimeoutError } from "./errors.js";
import { follow } from "./follow.js";
import { stitchAwaited, stitchWaited } from "./call-sites.js";
import { kBlockUntilSettled, kCancelled, kFollow, kObserved, kOffSettle, kOnSettle } from "./future-symbols.js";
import { kAwaitSite, kOutcome, kReported, kSettle, kTakenBy, type Status } from "./future-symbols.js";
import { addListener, queueListener, removeListener, runQueued, type Listeners } from "./settle-queue.js";

/** @internal Refuses a second setResult / setException (future.ts): the method's name for the error. */
export const kLock = Symbol("tamed.lock");

// Listeners of futures of every value type.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Listener = (f: FutureState<any>) => void;
// A future's state and flags share one small integer (#bits): five fields of their own
// would cost 32 bytes more on every task, and a burst holds 100,000 tasks.
const PENDING = 0;
const FULFILLED = 1;
const REJECTED = 2;
const STATE = 3;
/** Its rejection has a handler, or will get one when it comes (see #markHandled). */
const HANDLED = 4;
/** A value or error was given (a thenable may still be on its way): later ones are refused. */
const LOCKED = 8;
const CANCELLED = 16;
/** Its outcome was read or awaited (see AsyncScope). */
const OBSERVED = 32;
/** A failure's stack gets the frames of where it is awaited (kAwaitSite). */
const AWAIT_SITE = 64;

const noop = (): void => {};

let lastResolve: ((value: never) => void) | undefined;
let lastReject: ((reason: unknown) => void) | undefined;
function keepResolvers(resolve: (value: never) => void, reject: (reason: unknown) => void): void {
  lastResolve = resolve;
  lastReject = reject;
}
const promiseThen = Promise.prototype.then;
const BuiltinPromise = Promise; // at load: a program may replace the global (bluebird, zone.js), whose instances promiseThen refuses

/** A failure of a kAwaitSite future on its way to an awaiting function: its frames go into the stack. */
function rethrowAwaited(error: unknown): never {
  stitchAwaited(error, rethrowAwaited);
  throw error;
}

/** A Promise whose outcome can also be read and waited on synchronously: see Unfuture. */
export class FutureState<T> extends Promise<T> {
  static override get [Symbol.species](): PromiseConstructor {
    return BuiltinPromise;
  }

  #resolve: (value: T) => void;
  #reject: (reason: unknown) => void;
  /** The state (STATE) and the flags above. */
  #bits = PENDING;
  #result: unknown = undefined;
  /** One listener as it is (most futures have one: a scope's, awaitAll's, an awaiting wait), more in an array. */
  #listeners: Listeners<Listener> = undefined;

  /**
   * `new Unfuture()` makes a future settled later with `setResult` / `setException`.
   * An executor, as for `new Promise`, is accepted too (Promise statics call it that way).
   */
  constructor(executor?: (resolve: (value: T | PromiseLike<T>) => void, reject: (reason?: unknown) => void) => void) {
    // One executor for every future, not a closure each: the Promise constructor calls it
    // at once, and nothing runs between that and the two reads below.
    super(keepResolvers);
    this.#resolve = lastResolve as unknown as (value: T) => void;
    this.#reject = lastReject!;
    if (executor !== undefined) {
      // As with a native Promise, the first resolve or reject wins and the rest are ignored.
      const reject = (e: unknown): void => void ((this.#bits & LOCKED) !== 0 || this[kSettle](false, e));
      try {
        executor((v) => void ((this.#bits & LOCKED) !== 0 || this[kFollow](v)), reject);
      } catch (e) {
        reject(e);
      }
    }
  }

  /** True once the future has a value or an error. */
  done(): boolean {
    return (this.#bits & STATE) !== PENDING;
  }

  get status(): Status {
    return (this.#bits & STATE) === PENDING
      ? "pending"
      : (this.#bits & STATE) === FULFILLED
        ? "success"
        : (this.#bits & CANCELLED) !== 0
          ? "cancelled"
          : "failure";
  }

  /**
   * Cancels the future if it has not settled: it then ends with status "cancelled" and
   * `CancelledError`. Returns false when it had settled already. (A task's cancel also
   * stops its work; see AsyncTask.)
   */
  cancel(reason?: unknown): boolean {
    if ((this.#bits & STATE) !== PENDING) return false;
    return this[kCancelled](reason);
  }

  /**
   * Awaiting counts as observing the outcome (see AsyncScope); otherwise a plain Promise
   * `then`. With kAwaitSite, a failure passes through a reaction of its own first, where
   * V8 knows the async functions awaiting what `then` returns (call-sites.ts stitchAwaited).
   */
  override then<A = T, B = never>(
    onFulfilled?: ((value: T) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    this.#bits |= OBSERVED;
    if ((this.#bits & AWAIT_SITE) === 0 || (this.#bits & STATE) === FULFILLED)
      return super.then(onFulfilled, onRejected);
    const stitched = promiseThen.call(this, undefined, rethrowAwaited);
    return promiseThen.call(stitched, onFulfilled, onRejected) as Promise<A | B>;
  }

  /** The value; throws `NotReadyError` before it settles and the error after a failure. */
  get value(): T {
    if ((this.#bits & STATE) === PENDING)
      throw new NotReadyError(`${this.describe()} has not finished yet; await it or call wait()`);
    return this.#take();
  }

  /** The error of a failed future, else undefined (also when it was cancelled: that is not a failure). Never throws. */
  get exception(): unknown {
    if ((this.#bits & STATE) !== REJECTED || (this.#bits & CANCELLED) !== 0) return undefined;
    this.#bits |= OBSERVED;
    this.#markHandled();
    return this.#result;
  }

  /**
   * Blocks the calling thread until the future settles, then returns its value or
   * throws its error. Throws `WouldDeadlockError` at once when nothing running on
   * another thread could settle it, and `TimeoutError` after `timeoutMs` (the work
   * goes on; wait again or await it).
   */
  wait(opts?: { timeoutMs?: number }): T {
    return this.#wait("wait()", opts, this.wait);
  }

  /** unsync's name for `wait()`. */
  result(opts?: { timeoutMs?: number }): T {
    return this.#wait("result()", opts, this.result);
  }

  /** async-tamer's name for `wait()`. */
  block(opts?: { timeoutMs?: number }): T {
    return this.#wait("block()", opts, this.block);
  }

  /** `method`: the public one called (its override, if any), above whose frame a kAwaitSite failure's frames begin. */
  #wait(owner: string, opts: unknown, method: (...args: never[]) => unknown): T {
    const timeoutMs = opts === undefined ? undefined : waitTimeout(owner, opts);
    if ((this.#bits & STATE) === PENDING) this.#block(timeoutMs);
    if ((this.#bits & (STATE | AWAIT_SITE)) === (REJECTED | AWAIT_SITE)) stitchWaited(this.#result, method);
    return this.#take();
  }

  /** How errors name this future; AsyncTask says which function it runs. */
  protected describe(): string {
    return "the future";
  }

  /** @internal */
  [kOnSettle](listener: (f: this) => void): void {
    if ((this.#bits & STATE) === PENDING) this.#listeners = addListener(this.#listeners, listener as Listener);
    else listener(this);
  }

  /** @internal Takes the listener off (the latest one added, if it was added twice). */
  [kOffSettle](listener: (f: this) => void): void {
    this.#listeners = removeListener(this.#listeners, listener as Listener);
  }

  /** @internal */
  get [kAwaitSite](): boolean {
    return (this.#bits & AWAIT_SITE) !== 0;
  }
  set [kAwaitSite](on: boolean) {
    if (on) this.#bits |= AWAIT_SITE;
  }

  /** @internal */
  get [kObserved](): boolean {
    return (this.#bits & OBSERVED) !== 0;
  }

  /** @internal */
  [kReported](): void {
    this.#markHandled();
  }

  /** @internal */
  [kTakenBy](): void {
    this.#bits |= OBSERVED;
    if ((this.#bits & STATE) === REJECTED) this.#markHandled();
  }

  /** @internal */
  get [kOutcome](): { ok: boolean | undefined; result: unknown } {
    return {
      ok: (this.#bits & STATE) === PENDING ? undefined : (this.#bits & STATE) === FULFILLED,
      result: this.#result,
    };
  }

  /** @internal */
  [kFollow](value: T | PromiseLike<T>): void {
    this.#bits |= LOCKED;
    follow(this, value);
  }

  /** @internal */
  [kBlockUntilSettled](timeoutMs?: number): void {
    if ((this.#bits & STATE) === PENDING) this.#block(timeoutMs);
  }

  /**
   * @internal Cancellation is not a failure: it is never reported as an unhandled
   * rejection. A future cancelled because time ran out (the reason is a TimeoutError: a
   * scope's deadline) throws that TimeoutError, so that a block awaiting it ends with
   * the TimeoutError its scope would throw, not a CancelledError beside it.
   */
  [kCancelled](reason: unknown, error?: Error): boolean {
    if ((this.#bits & STATE) !== PENDING) return false;
    this.#bits |= CANCELLED;
    this.#markHandled();
    return this[kSettle](
      false,
      error ??
        (reason instanceof TimeoutError ? reason : new CancelledError(`${this.describe()} was cancelled`, reason)),
    );
  }

  /** @internal */
  [kSettle](ok: boolean, result: unknown): boolean {
    if ((this.#bits & STATE) !== PENDING) return false;
    this.#bits |= LOCKED | (ok ? FULFILLED : REJECTED);
    this.#result = result;
    if (ok) this.#resolve(result as T);
    else {
      if ((this.#bits & HANDLED) !== 0) void promiseThen.call(this, undefined, noop); // see #markHandled
      this.#reject(result);
    }
    // Used once: a settled future the caller keeps (a burst's array of tasks) no longer keeps them.
    this.#resolve = this.#reject = noop;
    const listeners = this.#listeners;
    if (listeners !== undefined) {
      this.#listeners = undefined;
      if (typeof listeners === "function") queueListener(this, listeners);
      else for (const l of listeners) queueListener(this, l);
      runQueued();
    }
    return true;
  }

  /** @internal */
  [kLock](method: string): void {
    if ((this.#bits & LOCKED) !== 0 || (this.#bits & STATE) !== PENDING) {
      throw new Error(
        `${method}() on a future that is already ${(this.#bits & STATE) === PENDING ? "following another promise" : `settled (${this.status})`}`,
      );
    }
    this.#bits |= LOCKED;
  }

  #take(): T {
    this.#bits |= OBSERVED;
    if ((this.#bits & STATE) === FULFILLED) return this.#result as T;
    this.#markHandled();
    throw this.#result;
  }

  /**
   * Whoever read the error synchronously has handled it: no unhandled-rejection report
   * for it. A pending future only notes it, and its rejection gets the handler when it
   * comes (kSettle): a handler attached now costs a promise on every task of a scope,
   * most of which succeed.
   */
  #markHandled(): void {
    if ((this.#bits & HANDLED) !== 0) return;
    this.#bits |= HANDLED;
    if ((this.#bits & STATE) === REJECTED) void promiseThen.call(this, undefined, noop);
  }

  #block(timeoutMs: number | undefined): void {
    blockWhile(
      () => (this.#bits & STATE) === PENDING,
      () => this.describe(),
      timeoutMs,
    );
  }
}
