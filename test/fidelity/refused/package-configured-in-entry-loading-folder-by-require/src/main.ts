// A CommonJS entry that loads the function's file, a folder's index.ts, by an untyped
// `require("./stamp")`, and configures fake-luxon: only the main thread's copy is configured
// (inline "2023-11-14 Asia/Tokyo", on a worker "2023-11-14 UTC"). Refused (TS77014) as with an import.
import { Settings } from "fake-luxon";
const { stamp } = require("./stamp");

Settings.defaultZone = "Asia/Tokyo";

stamp(1.7e12).then((s: string) => console.log(s));
