// A registry that its own module fills when it loads.
export const UNITS = new Map<string, number>();

export function defineUnit(name: string, metres: number): void {
  UNITS.set(name, metres);
}

defineUnit("mm", 0.001);
defineUnit("cm", 0.01);
defineUnit("m", 1);
defineUnit("km", 1000);
defineUnit("in", 0.0254);
defineUnit("ft", 0.3048);
