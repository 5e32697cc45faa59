// A configuration object kept on globalThis (so that two copies of a library share it,
// as zod's globalConfig does): created with ??= and read back at top level.
import { makeAsync } from "tamed";

(globalThis as any).__cfg ??= {};
const cfg = (globalThis as any).__cfg as { separator?: string; maxItems?: number };
cfg.separator ??= " | ";
cfg.maxItems ??= 3;

export const joinItems = makeAsync((items: string[]): string => {
  const shown = items.slice(0, cfg.maxItems);
  return shown.join(cfg.separator) + (items.length > shown.length ? ` (+${items.length - shown.length})` : "");
});
