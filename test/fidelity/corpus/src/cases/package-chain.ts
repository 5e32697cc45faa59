// A package set up at load by a chain of calls on its own instance, as i18next's guide writes
// it (`i18next.use(backend).init({ lng })`): each method returns the instance, so the whole
// chain sets up the package's state, which the worker's copy has only if the worker runs it.
import { i18n, type Plugin } from "fake-i18n";
import { makeAsync } from "tamed";

const french: Plugin = { resources: { fr: { hello: "bonjour", bye: "au revoir" } } };

i18n.use(french).init({ lng: "fr" });

export const translate = makeAsync((keys: string[]): string[] => keys.map((k) => i18n.t(k)));
