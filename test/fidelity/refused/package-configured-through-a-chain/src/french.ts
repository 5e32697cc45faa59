import type { Plugin } from "fake-i18n";

export const french: Plugin = { resources: { fr: { hello: "bonjour" } } };
