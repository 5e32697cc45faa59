/**
 * What `tamed setup` makes of package.json's build script: tspc where it runs tsc (TypeScript
 * 5.9/6), `tamed build` where it runs tsc or tspc with arguments `tamed build` takes
 * (TypeScript 7). Pure string work on the script, so setup and doctor read it alike.
 */
import { runsTspc } from "./project.js";

/** `tsc` as a command word of a script (not `tsc-alias`, not a path segment). */
const TSC = /(^|[\s;&|(])tsc(?=\s|$|[;&|)])/;

export function buildScript(current: string | undefined): string | undefined {
  if (current === undefined) return "tspc";
  if (runsTspc(current)) return undefined;
  if (TSC.test(current)) return current.replace(new RegExp(TSC.source, "g"), "$1tspc");
  return undefined;
}

/** `tamed build` as a command of a script (`npx tamed build` too). */
export const TAMED_BUILD = /(^|[\s;&|(])tamed\s+build(?=\s|$|[;&|)])/;

/** `tsc` or `tspc` as a command word of a script. */
const TSC_OR_TSPC = /(^|[\s;&|(])(?:npx\s+)?tsp?c(?=\s|$|[;&|)])/g;

/**
 * The arguments of the script's tsc/tspc commands that `tamed build` does not take: it
 * takes -p/--project and -w/--watch only (no --build, no compiler options: those belong
 * in tsconfig.json). A command's arguments end at a separator or a redirection.
 */
function flagsTamedBuildLacks(script: string): string[] {
  const lacking: string[] = [];
  for (const m of script.matchAll(TSC_OR_TSPC)) {
    const words = script
      .slice(m.index + m[0].length)
      .split(/\s\d*[<>]|[;&|)<>]/)[0]!
      .trim()
      .split(/\s+/)
      .filter((w) => w !== "");
    for (let i = 0; i < words.length; i++) {
      const w = words[i]!;
      if (w === "-p" || w === "--project") i++;
      else if (!w.startsWith("--project=") && w !== "-w" && w !== "--watch") lacking.push(w);
    }
  }
  return lacking;
}

/**
 * On TypeScript 7.0: `tamed build` where the script runs tsc or tspc with arguments it
 * takes (tspc cannot load TypeScript 7, and TypeScript 7's tsc emits no worker modules).
 * A string is why the script is left as it is.
 */
export function nativeBuildScript(current: string | undefined): { next: string } | string | undefined {
  if (current === undefined) return { next: "tamed build" };
  if (TAMED_BUILD.test(current)) return undefined;
  if (!new RegExp(TSC_OR_TSPC.source).test(current)) {
    return `scripts.build is \`${current}\`, which does not run tsc: make it run \`tamed build\` where it compiles TypeScript`;
  }
  const lacking = flagsTamedBuildLacks(current);
  if (lacking.length > 0) {
    return (
      `scripts.build is \`${current}\`: left as it is, since tamed build takes -p/--project and -w/--watch only, not ${lacking.map((f) => `\`${f}\``).join(", ")}; ` +
      "put compiler options in tsconfig.json and make the script run `tamed build` (a project of project references: one `tamed build -p` per project, in order)"
    );
  }
  return { next: current.replace(TSC_OR_TSPC, "$1tamed build") };
}
