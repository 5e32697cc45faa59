/**
 * Option checks, phrased one way everywhere:
 * "`maxThreads` must be a positive integer, got 0".
 */

function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "bigint") return `${value}n`;
  if (value === null || typeof value !== "object") return String(value);
  return Array.isArray(value) ? "an array" : "an object";
}

/** A positive integer (thread counts). */
export function checkPositiveInt(owner: string, name: string, value: unknown): number {
  if (typeof value !== "number") throw new TypeError(`${owner}: \`${name}\` must be a positive integer, got ${show(value)}`);
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${owner}: \`${name}\` must be a positive integer, got ${show(value)}`);
  return value;
}

/** A finite number of milliseconds, zero or more. */
export function checkTimeout(owner: string, name: string, value: unknown): number {
  if (typeof value !== "number") throw new TypeError(`${owner}: \`${name}\` must be a number of milliseconds, got ${show(value)}`);
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${owner}: \`${name}\` must be a finite number of milliseconds >= 0, got ${show(value)}`);
  return value;
}

export function checkBoolean(owner: string, name: string, value: unknown): boolean {
  if (typeof value !== "boolean") throw new TypeError(`${owner}: \`${name}\` must be true or false, got ${show(value)}`);
  return value;
}

/** Rejects keys an options object does not know, so a typo is an error and not a silent default. */
export function checkKeys(owner: string, options: object, known: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new TypeError(`${owner}: unknown option \`${key}\`; the options are ${known.map((k) => `\`${k}\``).join(", ")}`);
    }
  }
}
