/** Trial division: deliberately plain CPU work. */
export function isPrime(n: number): boolean {
  if (n < 2) return false;
  if (n % 2 === 0) return n === 2;
  for (let d = 3; d * d <= n; d += 2) if (n % d === 0) return false;
  return true;
}

export function countPrimesBetween(from: number, to: number): number {
  let count = 0;
  for (let n = from; n < to; n++) if (isPrime(n)) count++;
  return count;
}

/**
 * Splits [0, limit) into `parts` ranges of about equal work: testing n costs about
 * sqrt(n), so equal widths would leave the last range far heavier than the first.
 */
export function chunks(limit: number, parts: number): Array<[number, number]> {
  const bound = (i: number): number => Math.round(limit * (i / parts) ** (2 / 3));
  return Array.from({ length: parts }, (_, i) => [bound(i), bound(i + 1)]);
}
