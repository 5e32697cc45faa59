import { Cache, create, createTranslator, mitt } from "fake-kit";

// Values the package made for the app, as this file loads.
export const math = create();
export const cache = new Cache<number>();
export const bus = mitt();
export const i18n = createTranslator();
export const seen: unknown[] = [];
