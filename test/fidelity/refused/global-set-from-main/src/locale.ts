// The current locale kept on the global object, set by the application after load.
declare global {
  var APP_LOCALE: string | undefined;
}

export function setLocale(locale: string): void {
  globalThis["APP_LOCALE"] = locale;
}

export function greeting(): string {
  return globalThis.APP_LOCALE === "de" ? "Hallo" : "Hello";
}
