import i18n from "fake-i18n";
import { makeAsync } from "tamed";

export const greet = makeAsync((key: string): string => i18n.t(key));
