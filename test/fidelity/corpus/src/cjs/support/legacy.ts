// A module written the CommonJS way: a function merged with a namespace, `export =`.
function legacy(): string {
  return legacy.PREFIX;
}
namespace legacy {
  export const PREFIX = "> ";
  export function joinLine(parts: string[]): string {
    return PREFIX + parts.join(" ");
  }
}
export = legacy;
