// zod's z.config(...): a module-level object (a const) that an exported function
// changes after load, with Object.assign.
export const globalConfig: { locale: string; maxIssues: number } = { locale: "en", maxIssues: 10 };

export function config(options: Partial<typeof globalConfig>): void {
  Object.assign(globalConfig, options);
}

export function issueText(count: number): string {
  const shown = Math.min(count, globalConfig.maxIssues);
  return globalConfig.locale === "de" ? `${shown} Fehler` : `${shown} issues`;
}
