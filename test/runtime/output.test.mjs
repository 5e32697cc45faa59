// What a marked function writes to stdout and stderr reaches the caller's process.stdout
// and process.stderr before the caller sees the function's result, under wait() and
// await, and is never lost when the program ends.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { program, shown } from "./harness.mjs";

test("output a function printed arrives before wait() returns, also when the program ends right after", () => {
  const r = program(`
    import { cpu } from "./define.mjs";
    const hello = cpu("hello", (s) => { console.log(s); return s.length; });
    console.log("caller", hello("hello world").wait());
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "hello world\ncaller 11\n", shown(r));
});

test("output a function printed arrives before the awaited result, in order with the caller's own lines", () => {
  const r = program(`
    import { cpu } from "./define.mjs";
    const many = cpu("many", (n) => { for (let i = 0; i < n; i++) console.log("line " + i); return n; });
    console.log("before");
    const n = await many(2000);
    console.log("after", n);
  `);
  assert.is(r.status, 0, shown(r));
  const expected = ["before", ...Array.from({ length: 2000 }, (_, i) => `line ${i}`), "after 2000", ""].join("\n");
  assert.ok(r.stdout === expected, shown(r));
});

test("stdout and stderr written by a function keep their order, and partial lines, Buffers and encodings arrive as written", () => {
  // The caller's own process.stdout.write and process.stderr.write are where a worker's
  // output lands: wrapped here, they log the order across the two streams.
  const r = program(`
    import { cpu } from "./define.mjs";
    const log = [];
    for (const name of ["stdout", "stderr"]) {
      const stream = process[name];
      const write = stream.write.bind(stream);
      stream.write = (chunk, ...rest) => { log.push(name + ":" + Buffer.from(chunk).toString()); return write(chunk, ...rest); };
    }
    const mixed = cpu("mixed", () => {
      process.stdout.write("par");
      process.stdout.write("tial\\n");
      console.error("to stderr");
      process.stdout.write(Buffer.from("bytes\\n"));
      process.stdout.write("6869210a", "hex");
      console.warn("warned");
      return "done";
    });
    const v = mixed().wait();
    const seen = log.join("").replace(/stdout:|stderr:/g, "");
    log.length = 0;
    console.log(JSON.stringify(seen), v);
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, 'partial\nbytes\nhi!\n"partial\\nto stderr\\nbytes\\nhi!\\nwarned\\n" done\n', shown(r));
  assert.is(r.stderr, "to stderr\nwarned\n", shown(r));
});

test("async tasks sharing a worker each have their output printed before their own result", () => {
  const r = program(`
    import { configure } from "tamed";
    import { io } from "./define.mjs";
    configure({ maxThreads: 1 });
    const talk = io("talk", async (name, ms) => {
      console.log(name + " starts");
      await new Promise((r) => setTimeout(r, ms));
      console.log(name + " ends");
      return name;
    });
    const a = talk("a", 150);
    const b = talk("b", 20);
    console.log("b ->", b.wait());
    console.log("a ->", a.wait());
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "a starts\nb starts\nb ends\nb -> b\na ends\na -> a\n", shown(r));
});

test("output written by a timer a function left behind arrives before the worker's next result", () => {
  const r = program(`
    import { configure } from "tamed";
    import { io } from "./define.mjs";
    configure({ maxThreads: 1 });
    const leave = io("leave", async () => { setTimeout(() => console.log("late line"), 10); return "left"; });
    const nap = io("nap", async (ms) => { await new Promise((r) => setTimeout(r, ms)); return "napped"; });
    console.log(leave().wait());
    console.log(nap(100).wait());
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "left\nlate line\nnapped\n", shown(r));
});

test("a task that awaits its own stdout write's callback finishes under wait()", () => {
  const r = program(
    `
    import { io } from "./define.mjs";
    const flushed = io("flushed", async () => {
      await new Promise((r) => process.stdout.write("written\\n", r));
      await new Promise((r) => process.stderr.write("also\\n", r));
      return "returned";
    });
    console.log(flushed().wait());
    console.log(await flushed());
  `,
    { timeoutMs: 15_000 },
  );
  assert.not.ok(r.hung, shown(r));
  assert.is(r.stdout, "written\nreturned\nwritten\nreturned\n", shown(r));
});

test("very large output (10 MB) arrives whole, before the result", () => {
  const r = program(`
    import { cpu } from "./define.mjs";
    const flood = cpu("flood", (lines) => {
      const text = "x".repeat(99);
      for (let i = 0; i < lines; i++) process.stdout.write(text + "\\n");
      process.stdout.write("x".repeat(1_000_000) + "\\n");
      return lines;
    });
    console.log("result", flood(90_000).wait());
  `);
  assert.is(r.status, 0, r.stderr);
  const lines = r.stdout.split("\n");
  assert.is(lines.length, 90_003, `got ${lines.length} lines`);
  assert.is(lines[90_000].length, 1_000_000);
  assert.is(lines[90_001], "result 90000");
});

test.run();
