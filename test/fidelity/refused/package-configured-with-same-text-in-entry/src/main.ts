// The entry sets the locale with a call of the same text, `dayjs.locale(lang)`, but its `lang` is
// another variable: the worker's copy stays "en" while the main thread's is "sv". TS77014 here.
import dayjs from "fake-dayjs";
import { stamp } from "./stamp.js";

const lang = process.env["APP_LANG"] ?? "sv";
dayjs.locale(lang);

console.log(await stamp(1));
