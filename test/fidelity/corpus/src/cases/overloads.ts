// Overloads: an overloaded helper, and an overloaded declaration marked with /** @tamed */
// (the comment on the implementation, which carries the mark).
function parseSize(text: string): number;
function parseSize(bytes: number): string;
function parseSize(v: string | number): number | string {
  const UNITS = ["B", "KB", "MB", "GB"];
  if (typeof v === "number") {
    let i = 0;
    while (v >= 1024 && i < UNITS.length - 1) {
      v /= 1024;
      i++;
    }
    return `${Math.round(v * 10) / 10} ${UNITS[i]}`;
  }
  const m = /^(\d+(?:\.\d+)?)\s*(B|KB|MB|GB)$/i.exec(v.trim());
  if (m === null) throw new SyntaxError(`not a size: '${v}'`);
  return Math.round(Number(m[1]) * 1024 ** UNITS.indexOf(m[2]!.toUpperCase()));
}

export async function normalizeSize(size: string): Promise<string>;
export async function normalizeSize(size: number): Promise<string>;
/** @tamed */
export async function normalizeSize(size: string | number): Promise<string> {
  return typeof size === "number" ? parseSize(size) : parseSize(parseSize(size));
}

/** @tamed */
export async function sizeInBytes(size: string): Promise<number>;
export async function sizeInBytes(size: number): Promise<number>;
export async function sizeInBytes(size: string | number): Promise<number> {
  return typeof size === "number" ? size : parseSize(size);
}
