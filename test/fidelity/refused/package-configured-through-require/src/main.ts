// A CommonJS entry that configures fake-luxon through an untyped `require` (the value is `any` to
// TypeScript, yet the package itself), whole or destructured: only the main thread's copy is
// configured (inline "2023-11-14 Asia/Tokyo", on a worker "2023-11-14 UTC"). Refused (TS77014) at each write.
import { stamp } from "./stamp";
const luxon = require("fake-luxon");
const { Settings } = require("fake-luxon");

luxon.Settings.defaultZone = "Asia/Tokyo";
Settings.defaultZone = "Asia/Tokyo";

stamp(1.7e12).then((s) => console.log(s));
