// Read as the module loads: on the main thread, before the entry's body has run.
export const LEVEL = process.env["APP_LEVEL"] ?? "info";
