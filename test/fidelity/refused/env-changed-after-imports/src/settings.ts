// Read as the module loads, in a function called then.
function fromEnv(name: string, fallback: string): string {
  return process.env[name] ?? fallback;
}

export const TIMEOUT_MS = Number(fromEnv("APP_TIMEOUT_MS", "5000"));
