/**
 * The esbuild versions tamed bundles worker modules with, checked where esbuild is loaded
 * (tspc's worker-module builds, `tamed build`, the bundler plugins) and by doctor. tamed
 * declares no esbuild peer dependency (a peer stays in an app's production install, even
 * an optional one the app has as a dev dependency), so npm does not check the version.
 */
import { UnsupportedEsbuildError } from "./errors.cjs";

/** What tamed is tested with: the build options and plugin API it uses are those of 0.25 to 0.28. */
export const ESBUILD_RANGE = ">=0.25.0 <1";

/** The refusal for esbuild `version` found at `where`, or undefined when tamed supports it. */
export function esbuildRefusal(version: string, where: string): string | undefined {
  const m = /^(\d+)\.(\d+)\./.exec(version);
  if (m !== null && Number(m[1]) === 0 && Number(m[2]) >= 25) return undefined;
  return (
    `tamed needs esbuild ${ESBUILD_RANGE} to bundle worker modules, and ${where} has esbuild ${version}. ` +
    `Install a supported one as a dev dependency: npm install --save-dev esbuild@^0.28`
  );
}

/** `esbuild` itself, or UnsupportedEsbuildError when its version is not one tamed supports. */
export function checkEsbuild<T extends { readonly version: string }>(esbuild: T, where: string): T {
  const refusal = esbuildRefusal(esbuild.version, where);
  if (refusal !== undefined) throw new UnsupportedEsbuildError(esbuild.version, refusal);
  return esbuild;
}
