// A validator that throws its own error class, from deep inside (as zod and ajv do).
export class ValidationError extends Error {
  override name = "ValidationError";
  constructor(
    readonly path: string,
    readonly issue: string,
  ) {
    super(`${path}: ${issue}`);
  }
}

export interface User {
  name: string;
  age: number;
}

export function validateUser(input: unknown): User {
  if (typeof input !== "object" || input === null) throw new ValidationError("$", "expected an object");
  const o = input as Record<string, unknown>;
  if (typeof o["name"] !== "string" || o["name"].length === 0) throw new ValidationError("$.name", "expected a non-empty string");
  if (typeof o["age"] !== "number" || !Number.isInteger(o["age"]) || o["age"] < 0) throw new ValidationError("$.age", "expected a non-negative integer");
  return { name: o["name"], age: o["age"] };
}
