// A module-level object handed out by an accessor, which main-only code then changes:
// `limits().max = 10`, as code configures a library through its getter.
const LIMITS = { max: 3 };

export function limits(): { max: number } {
  return LIMITS;
}

export function clamp(n: number): number {
  return Math.min(n, LIMITS.max);
}
