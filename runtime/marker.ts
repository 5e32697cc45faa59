/**
 * The markers, makeAsync and tamed: a function (or a decorated method) and the
 * descriptor the transformer adds (docs/contract.md) become a stub that submits each call
 * to the pool (or to a backend: backend.ts), or runs it on this thread in inline mode and
 * inside workers (inline.ts).
 */
import { pathToFileURL } from "node:url";
import { STUB_SPEC, type StubSpec } from "./backend.js";
import { CONTRACT_VERSION, type RefusedDescriptor, type TaskDescriptor } from "./contract.js";
import { BuildRefusedError, NotCompiledError } from "./errors.js";
import type { Unfuture } from "./future.js";
import { runInline } from "./inline.js";
import { getPool, type TaskSpec } from "./pool/pool.js";
import { RAW_FN } from "./protocol.js";
import { settings } from "./settings.js";
import type { AsyncTask } from "./task.js";
import { isWorker } from "./where.js";

type AnyFn = (...args: never[]) => unknown;

/**
 * A marked function's parameters: each may also be given as an Unfuture of its type
 * (another task's result), which is awaited before the call and its value sent.
 */
export type Inputs<A extends unknown[]> = { [K in keyof A]: A[K] | Unfuture<A[K]> };

/**
 * The second member of a marker's parameter type, which no function matches: with it the
 * parameter is a union, so TypeScript types a parameter that has a default and no
 * annotation (`(s: string, width = 8) => ...`) by its default, as it does outside a call,
 * instead of as `unknown`. The price: a generic function's type parameters become their
 * constraints in the marked function's type (`<T>(x: T[]) => T` is called with unknown[]).
 */
type Untyped = (...args: never[]) => never;

/**
 * The type `makeAsync(fn)` (or `tamed(fn)`) gives a function of type `F`: for an explicit
 * annotation where one is required (`isolatedDeclarations`).
 *
 * @example
 * export const double: Marked<(x: number) => number> = makeAsync((x: number): number => x * 2);
 */
export type Marked<F extends (...args: never[]) => unknown> = F extends (...args: infer A) => infer R
  ? (...args: Inputs<A>) => AsyncTask<Awaited<R>>
  : never;

/** What the transformer adds to a marker call (docs/contract.md): where the worker module is, or why there is none. */
type Descriptor = TaskDescriptor | RefusedDescriptor;

function checkVersion(d: Descriptor, name: string): void {
  if (d.v !== CONTRACT_VERSION) {
    throw new Error(
      `${name}() was compiled by a tamed transformer that speaks contract v${d.v}, but this runtime speaks ` +
        `v${CONTRACT_VERSION}: rebuild the project with the installed tamed`,
    );
  }
}

function resolveSpec(d: TaskDescriptor, name: string, cpu: boolean): TaskSpec {
  const base = d.base.startsWith("file:") ? d.base : pathToFileURL(d.base).href;
  return {
    name,
    url: new URL(d.module, base).href,
    cpu,
    module: -1,
    owner: undefined,
    cost: Infinity,
    errors: d.errors,
  };
}

function isDescriptor(x: unknown): x is Descriptor {
  return (
    typeof x === "object" &&
    x !== null &&
    typeof (x as Descriptor).v === "number" &&
    (typeof (x as TaskDescriptor).module === "string" || Array.isArray((x as RefusedDescriptor).refused))
  );
}

type Method = (...args: unknown[]) => unknown;

/**
 * A marker used as a decorator on a static method: TC39 decorators call it with
 * (method, context), legacy `experimentalDecorators` with (class, key, property
 * descriptor). The transformer turns `@makeAsync` into `@makeAsync(descriptor)`, so
 * compiled code reaches this through the factory call below.
 */
function decorate(marker: string, d: Descriptor | undefined, cpu: boolean, args: unknown[]): unknown {
  const [first, second, third] = args;
  if (typeof second === "object" && second !== null && "kind" in second) {
    const context = second as ClassMethodDecoratorContext;
    if (context.kind !== "method" || !context.static) {
      throw new TypeError(
        `@${marker} goes on static methods only (got a ${context.static ? "static " : ""}${context.kind} '${String(context.name)}'): an instance's 'this' cannot cross to a worker thread`,
      );
    }
    // Static initializers run with the class as `this`, before any call can come.
    let owner: unknown;
    context.addInitializer(function (this: unknown) {
      // eslint-disable-next-line @typescript-eslint/no-this-alias -- the class, kept for the stub's calls
      owner = this;
    });
    return stub(marker, first, d, cpu, { name: String(context.name), owner: () => owner });
  }
  const property = third as PropertyDescriptor | undefined;
  if (typeof first !== "function" || property === undefined || typeof property.value !== "function") {
    throw new TypeError(`@${marker} goes on static methods only: an instance's 'this' cannot cross to a worker thread`);
  }
  property.value = stub(marker, property.value as Method, d, cpu, { name: String(second), owner: () => first });
  return property;
}

/** What a marker was called with: a function to wrap, a descriptor (compiled decorator), or decorator arguments. */
function mark(marker: string, cpu: boolean, args: unknown[]): unknown {
  const [first, second] = args;
  if (isDescriptor(first)) return (...decoratorArgs: unknown[]) => decorate(marker, first, cpu, decoratorArgs);
  if (args.length >= 2 && !isDescriptor(second)) return decorate(marker, undefined, cpu, args);
  return stub(marker, first, second as Descriptor | undefined, cpu);
}

/** A decorated static method: its own name, and its class (its `this`, here and on a worker). */
interface MethodOf {
  readonly name: string;
  readonly owner: () => unknown;
}

/** Own properties of a function that belong to every function, not to this one. */
const FUNCTION_OWN: ReadonlySet<PropertyKey> = new Set(["length", "name", "prototype", "arguments", "caller", RAW_FN]);

function stub(marker: string, fn: unknown, d: Descriptor | undefined, cpu: boolean, method?: MethodOf): AnyFn {
  if (typeof fn !== "function")
    throw new TypeError(`${marker}() expects a function, got ${fn === null ? "null" : typeof fn}`);
  const original = fn as (...args: unknown[]) => unknown;
  // A static method runs with its class as `this`, inline and on a worker alike.
  const raw =
    method === undefined
      ? original
      : function (this: unknown, ...args: unknown[]): unknown {
          return original.apply(method.owner(), args);
        };
  const name = d?.name ?? method?.name ?? (original.name || "anonymous");
  const knownName = d?.name ?? method?.name ?? (original.name || undefined);
  if (d !== undefined) checkVersion(d, name);
  // A function the build refused (a TS77 diagnostic) has no worker module: its calls say why.
  const refused = d !== undefined && "refused" in d ? d.refused : undefined;
  const spec = d === undefined || !("module" in d) ? undefined : resolveSpec(d, name, cpu);
  const inWorker = isWorker();
  const call = function (this: unknown, ...args: unknown[]): AsyncTask<unknown> {
    if (inWorker || settings.inline) return runInline(raw, args, name);
    if (refused !== undefined) throw new BuildRefusedError(name, marker, refused);
    if (spec === undefined) throw new NotCompiledError(knownName, marker);
    return getPool().submit(spec, args, call);
  };
  // What was said of the function stays true of its stub: its name (a method's own, as
  // `Class.m.name` is without a marker), and what other decorators set on it.
  for (const key of Reflect.ownKeys(original)) {
    if (!FUNCTION_OWN.has(key)) Object.defineProperty(call, key, Object.getOwnPropertyDescriptor(original, key)!);
  }
  Object.defineProperty(call, "name", { value: method?.name ?? name });
  Object.defineProperty(call, RAW_FN, { value: raw });
  // For backends that run the worker module elsewhere (backend.ts). A static method's
  // worker module calls it with its class as `this` there too.
  if (spec !== undefined)
    Object.defineProperty(call, STUB_SPEC, {
      value: { name, url: spec.url, cpu, errors: spec.errors } satisfies StubSpec,
    });
  return call;
}

/**
 * Marks a function to run on a worker thread (CPU-bound work). Calls return an
 * {@link AsyncTask}, already running: `await` it, or `wait()` on it from sync code.
 * The tamed transformer moves `fn` with what it uses into a worker module; `fn` may
 * use module-level imports, constants, functions and classes, not local variables.
 *
 * @example
 * export const countPrimes = makeAsync((from: number, to: number): number => {
 *   let n = 0;
 *   for (let i = from; i < to; i++) if (isPrime(i)) n++;
 *   return n;
 * });
 * const n = countPrimes(0, 1_000_000).wait();
 */
export function makeAsync<A extends unknown[], R>(
  fn: ((...args: A) => R) | Untyped,
): (...args: Inputs<A>) => AsyncTask<Awaited<R>>;
/**
 * As a decorator on a `static async` method: calls run on a worker thread and return
 * an AsyncTask (a Promise, so the method's declared type stays true).
 *
 * @example
 * class Images {
 *   @makeAsync static async thumbnail(png: Uint8Array, width: number): Promise<Uint8Array> { ... }
 * }
 */
export function makeAsync<This, A extends unknown[], R>(
  method: (this: This, ...args: A) => Promise<R>,
  context: ClassMethodDecoratorContext<This, (this: This, ...args: A) => Promise<R>> & { readonly static: true },
): void;
/** As a decorator with `experimentalDecorators`: on a `static async` method. */
export function makeAsync<R>(
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- the class a legacy decorator is given
  target: Function,
  key: string | symbol,
  descriptor: TypedPropertyDescriptor<(...args: never[]) => Promise<R>>,
): void;
export function makeAsync(...args: unknown[]): unknown {
  return mark("makeAsync", true, args);
}

/**
 * Marks an async function to run on a worker thread (I/O-bound work that awaits).
 * Several such calls may share one worker's event loop.
 *
 * @example
 * export const fetchStatus = tamed(async (url: string) => (await fetch(url)).status);
 * console.log(await fetchStatus("http://localhost:8080/"));
 */
export function tamed<A extends unknown[], R>(
  fn: ((...args: A) => PromiseLike<R>) | Untyped,
): (...args: Inputs<A>) => AsyncTask<Awaited<R>>;
/** As a decorator on a `static async` method (see {@link makeAsync}). */
export function tamed<This, A extends unknown[], R>(
  method: (this: This, ...args: A) => Promise<R>,
  context: ClassMethodDecoratorContext<This, (this: This, ...args: A) => Promise<R>> & { readonly static: true },
): void;
/** As a decorator with `experimentalDecorators`: on a `static async` method. */
export function tamed<R>(
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- the class a legacy decorator is given
  target: Function,
  key: string | symbol,
  descriptor: TypedPropertyDescriptor<(...args: never[]) => Promise<R>>,
): void;
export function tamed(...args: unknown[]): unknown {
  return mark("tamed", false, args);
}
