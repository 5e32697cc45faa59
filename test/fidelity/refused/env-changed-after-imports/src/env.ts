export function loadEnv(): void {
  process.loadEnvFile(new URL("../.env", import.meta.url));
}
