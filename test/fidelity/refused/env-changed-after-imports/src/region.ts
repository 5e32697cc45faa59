// Read as the module loads too, but the entry imports preload.ts, which sets it, first.
export const REGION = process.env.APP_REGION ?? "us";
