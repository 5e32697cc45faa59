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
  if (typeof value !== "number")
    throw new TypeError(`${owner}: \`${name}\` must be a positive integer, got ${show(value)}`);
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`${owner}: \`${name}\` must be a positive integer, got ${show(value)}`);
  return value;
}

/**
 * The longest timeout: setTimeout takes a signed 32-bit delay and fires after 1 ms for
 * anything longer (with only a process warning), so a longer value would time out at once.
 */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * Milliseconds from 0 to MAX_TIMEOUT_MS (about 24.8 days). Longer values are refused
 * rather than clamped: they are nearly always a stand-in for "never" (a large constant,
 * Number.MAX_SAFE_INTEGER), which `infinite` options spell Infinity.
 */
export function checkTimeout(owner: string, name: string, value: unknown, infinite = false): number {
  if (typeof value !== "number")
    throw new TypeError(`${owner}: \`${name}\` must be a number of milliseconds, got ${show(value)}`);
  if (infinite && value === Infinity) return value;
  if (!(value >= 0 && value <= MAX_TIMEOUT_MS)) {
    throw new RangeError(
      `${owner}: \`${name}\` must be a number of milliseconds from 0 to ${MAX_TIMEOUT_MS} (about 24.8 days)${infinite ? ", or Infinity for no limit" : ""}, got ${show(value)}`,
    );
  }
  return value;
}

export function checkBoolean(owner: string, name: string, value: unknown, orElse?: string): boolean {
  if (typeof value !== "boolean")
    throw new TypeError(
      `${owner}: \`${name}\` must be true${orElse === undefined ? " or false" : `, false or ${orElse}`}, got ${show(value)}`,
    );
  return value;
}

/** An options object (or undefined), with only the keys it may have. */
export function checkOptions(
  owner: string,
  options: unknown,
  known: readonly string[],
  example: string,
): Record<string, unknown> | undefined {
  if (options === undefined) return undefined;
  if (typeof options !== "object" || options === null)
    throw new TypeError(`${owner}: options must be an object like ${example}, got ${show(options)}`);
  checkKeys(owner, options, known);
  return options as Record<string, unknown>;
}

/** Rejects keys an options object does not know, so a typo is an error and not a silent default. */
export function checkKeys(owner: string, options: object, known: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new TypeError(
        `${owner}: unknown option \`${key}\`; the options are ${known.map((k) => `\`${k}\``).join(", ")}`,
      );
    }
  }
}
