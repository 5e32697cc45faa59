// A rest parameter.
import { tamed } from "tamed";

export const joinWith = tamed(async (separator: string, ...parts: (string | number)[]): Promise<string> => parts.map(String).join(separator));
