// Names imported through a barrel's `export * from` (the barrel has markers of its own, so it is sliced).
import { makeAsync } from "tamed";
import { DEFAULTS, MAX_TITLE } from "./support/text-utils.js";

export const shortTitle = makeAsync((title: string, opts: { ellipsis?: string; lower?: boolean } = {}): string => {
  const o = { ...DEFAULTS, ...opts };
  const t = o.lower ? title.toLowerCase() : title;
  return t.length > MAX_TITLE ? t.slice(0, MAX_TITLE) + (o.ellipsis ?? "") : t;
});
