// A package configured as the module loads, as luxon (Settings.defaultZone = ...) and dayjs
// (dayjs.extend(plugin)) are: the package's own state, which the worker's copy of the
// package has only if the worker runs the same statements.
import { extend, fromMillis, Settings, type DateView } from "fake-dates";
import { makeAsync } from "tamed";

Settings.defaultOffsetHours = 9;
extend((proto: DateView) => {
  proto["weekday"] = function (this: { ms: number }): number {
    return new Date(this.ms).getUTCDay();
  };
});

export const describeInstant = makeAsync((ms: number): string => {
  const d = fromMillis(ms);
  const weekday = d["weekday"];
  return `${d.iso()} day ${typeof weekday === "function" ? (weekday as () => number).call(d) : "?"}`;
});
