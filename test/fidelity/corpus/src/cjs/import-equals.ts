// import x = require(...): a builtin, and a local module written with `export =`.
import os = require("node:os");
import legacy = require("./support/legacy");
import { tamed } from "tamed";

export const platformLine = tamed(async (parts: string[]): Promise<{ line: string; eol: number; platform: string }> => ({
  line: legacy.joinLine(parts),
  eol: os.EOL.length,
  platform: os.platform(),
}));
