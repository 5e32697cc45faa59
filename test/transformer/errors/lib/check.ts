export class CheckError extends Error {
  override name = "CheckError";
}

export function check(n: number): number {
  if (n < 0) throw new CheckError(`negative: ${n}`);
  return n;
}
