// A tagged template run as the module loads (graphql-tag's gql, a sql`` builder) that keeps
// what it parses: the tag is called, so what the call changes is setup.
import { makeAsync } from "tamed";

const FRAGMENTS = new Map<string, string>();
function fragment(strings: TemplateStringsArray, ...names: string[]): string {
  const text = strings.join("?").trim();
  FRAGMENTS.set(names[0] ?? text, text);
  return text;
}
fragment`fragment UserFields on User { id name } ${"UserFields"}`;

export const fragmentText = makeAsync((name: string): string => FRAGMENTS.get(name) ?? `no fragment ${name}`);
