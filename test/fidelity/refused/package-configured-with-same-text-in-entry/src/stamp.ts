// A marked function whose file sets dayjs's locale from a variable of its own.
import dayjs from "fake-dayjs";
import { makeAsync } from "tamed";

const lang = "en";
dayjs.locale(lang);

export const stamp = makeAsync((x: number): string => `${x} ${dayjs.locale()}`);
