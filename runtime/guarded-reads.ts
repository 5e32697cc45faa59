/**
 * Reading a thrown value without letting it throw again: a getter, or a Proxy's trap, may throw
 * when a property is read, and an error that cannot be read must still reach its caller
 * (wire-error.ts reads each part of it through these, so such a part is lost, not the call).
 */

/** What a getter that threw gives in place of its value. */
export const UNREADABLE = Symbol("unreadable");

/** A property whose getter (or a Proxy's trap) throws reads as UNREADABLE. */
export function get(o: unknown, key: PropertyKey): unknown {
  try {
    return (o as Record<PropertyKey, unknown>)[key];
  } catch {
    return UNREADABLE;
  }
}

/** String(x), or Object.prototype.toString for an object without a usable toString; throws only when neither works. */
export function text(x: unknown): string {
  try {
    return String(x);
  } catch {
    return Object.prototype.toString.call(x);
  }
}

/** text(x), or `fallback` when even that throws. */
export function textOr(x: unknown, fallback: string): string {
  try {
    return text(x);
  } catch {
    return fallback;
  }
}

export function cloneable(value: unknown): boolean {
  try {
    structuredClone(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * An object's own properties that hold data, with whether each is enumerable: those a class sets
 * with `this.x = ...`, and those it defines hidden (zod's `issues`), not accessors, which may
 * compute or throw (an enumerable one is read, as `Object.keys` would list it). A Proxy whose
 * traps throw has none.
 */
export function ownData(o: object): [string, boolean][] {
  try {
    const out: [string, boolean][] = [];
    for (const key of Object.getOwnPropertyNames(o)) {
      const d = Object.getOwnPropertyDescriptor(o, key);
      if (d !== undefined && ("value" in d || d.enumerable === true)) out.push([key, d.enumerable === true]);
    }
    return out;
  } catch {
    return [];
  }
}
