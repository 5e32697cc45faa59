// A package (a workspace or vendored one) whose package.json says "sideEffects": false,
// as many libraries' do, yet one of its modules imports another for its effect.
import "./locales.js";

export function supportedLocales(): string[] {
  return ["en", ...((globalThis as { __corpusLocales?: string[] }).__corpusLocales ?? [])];
}
