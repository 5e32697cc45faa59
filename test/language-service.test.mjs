// tamed/language-service in a real tsserver (TypeScript's own, as editors run it): the
// build's diagnostics on the file being edited, alongside TypeScript's own.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { compile, FIXTURES, ROOT } from "./helpers.mjs";

/** The tsservers an editor may run: TypeScript 6 (the dev dependency) and 5.9 (installed as typescript5). */
const SERVERS = [
  ["6", join(ROOT, "node_modules", "typescript", "lib", "tsserver.js")],
  ["5.9", join(ROOT, "node_modules", "typescript5", "lib", "tsserver.js")],
];

/** Starts tsserver; `request(command, args)` resolves with the response body. */
function tsserver(path) {
  const child = spawn(process.execPath, [path, "--disableAutomaticTypingAcquisition"], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const waiting = new Map();
  let seq = 0;
  let buffer = Buffer.alloc(0);
  child.stdout.on("data", (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const header = /^Content-Length: (\d+)\r\n\r\n/.exec(buffer.toString("latin1", 0, Math.min(buffer.length, 64)));
      if (header === null) break;
      const start = header[0].length;
      const end = start + Number(header[1]);
      if (buffer.length < end) break;
      const message = JSON.parse(buffer.toString("utf8", start, end));
      buffer = buffer.subarray(end);
      if (message.type === "response" && waiting.has(message.request_seq)) {
        waiting.get(message.request_seq)(message);
        waiting.delete(message.request_seq);
      }
    }
  });
  const request = (command, args) =>
    new Promise((resolve, reject) => {
      const id = ++seq;
      const timer = setTimeout(() => reject(new Error(`tsserver did not answer ${command} within 60 s`)), 60_000);
      waiting.set(id, (m) => {
        clearTimeout(timer);
        resolve(m);
      });
      child.stdin.write(JSON.stringify({ seq: id, type: "request", command, arguments: args }) + "\n");
    });
  return { request, close: () => child.kill() };
}

for (const [version, path] of SERVERS)
  test(`an editor's tsserver on TypeScript ${version} shows tamed's diagnostics on the file, with the code, place and text tspc reports`, async () => {
    // What the build says: `src/tasks.ts(4,54): error TS77001: ...`.
    const built = compile("language-service");
    assert.is.not(built.status, 0);
    const fromTspc = [...built.stdout.matchAll(/^src\/tasks\.ts\((\d+),(\d+)\): error TS(77\d\d\d): (.*)$/gm)].map(
      (m) => [Number(m[3]), Number(m[1]), Number(m[2]), m[4]],
    );
    assert.is(fromTspc.length, 1, built.stdout);
    const server = tsserver(path);
    try {
      const file = join(FIXTURES, "language-service", "src", "tasks.ts");
      await server.request("open", { file });
      const r = await server.request("semanticDiagnosticsSync", { file });
      assert.ok(r.success, JSON.stringify(r));
      const ours = r.body.filter((d) => d.code >= 77000 && d.code < 78000);
      assert.equal(
        ours.map((d) => [d.code, d.start.line, d.start.offset, d.text]),
        fromTspc,
      );
      assert.is(ours[0].source, "tamed");
      const info = await server.request("status", {});
      assert.ok(info.success && String(info.body.version).startsWith(`${version}.`), JSON.stringify(info));
    } finally {
      server.close();
    }
  });

test.run();
