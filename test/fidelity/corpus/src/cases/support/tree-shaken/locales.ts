// Registers extra locales when it loads; imported only for that effect.
const g = globalThis as { __corpusLocales?: string[] };
(g.__corpusLocales ??= []).push("de", "fr");

export {};
