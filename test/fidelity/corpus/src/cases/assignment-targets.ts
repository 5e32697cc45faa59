// Module variables set at load by assignments that are not `x = ...`: a shorthand
// destructuring assignment (`({ host, port } = detect())`, also nested), and a for-of /
// for-in loop whose variable is a module `let` (the value it stopped at stays).
import { makeAsync } from "tamed";

function detect(): { host: string; port: number } {
  return { host: "example.org", port: 8443 };
}
let host = "localhost";
let port = 80;
({ host, port } = detect());

let region = "none";
[{ region }] = [{ region: "eu-west" }];

const CANDIDATES = ["utf-8", "latin1", "ascii"];
let fallback = "none";
for (fallback of CANDIDATES) if (fallback === "latin1") break;
let firstKey = "";
for (firstKey in { alpha: 1, beta: 2 }) break;

export const endpoint = makeAsync((path: string): string => `https://${host}:${port}${path} ${region} ${fallback} ${firstKey}`);
