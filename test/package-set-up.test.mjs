// What a worker runs of a file that sets a package up as it loads (README, What a worker runs):
// the statements that configure a package the marked function uses run on workers too, and
// what only starts the app, or configures per request, or reads, neither runs there nor is
// refused. Fixture test/fixtures/package-set-up: one file per shape, each with an entry that
// prints the worker's answer and the inline one (or what the app printed, with its thread).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { build, run } from "./helpers.mjs";

const FIXTURE = "package-set-up";

test("the fixture builds: none of its shapes is refused", () => {
  const r = build(FIXTURE);
  assert.is(r.status, 0, r.stdout + r.stderr);
});

test("an untyped package's server started by a chain as the file loads is not started again on a worker (createServer() makes a new value; `any` says nothing of it)", () => {
  const r = run(FIXTURE, { entry: "main-untyped.js" });
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout, "[fake-legacy] server listening on 8080 (thread 0)\nworker #1.50, inline #1.50\n");
});

test("a commander chain that hands the app to the package (`.action(run).parse()`) does not run the app on a worker", () => {
  const r = run(FIXTURE, { entry: "main-cli.js" });
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout, "app started on thread 0: 97 prime: true\n");
});

test("a CLI that hands its action to the package in one statement and parses in another (`program.action(run); program.parse()`) does not run the app on a worker", () => {
  const r = run(FIXTURE, { entry: "main-cli-parse.js" });
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout, "app started on thread 0: 97 prime: true\n");
});

test("a CLI's parse() inside a try block, after a command added as an object (`program.addCommand(...)`), does not run the app on a worker", () => {
  const r = run(FIXTURE, { entry: "main-cli-try.js" });
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout, "app started on thread 0: 97 prime: true\n");
});

test("a server's listen() on an app object the marked function reads (a Koa app's `context`) is not run again on a worker", () => {
  const r = run(FIXTURE, { entry: "main-koa.js" });
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout, "[fake-koa] listening on 8080 (thread 0)\nworker 3.00 EUR, inline 3.00 EUR\n");
});

test("set-up calls not named for configuring still run on a worker after one that hands the package a function (moment's `relativeTimeRounding(fn)`, then `relativeTimeThreshold`, `updateLocale`)", () => {
  const r = run(FIXTURE, { entry: "main-moment.js" });
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout, "worker just now/2 min, inline just now/2 min\n");
});

test("a CLI whose marked function reads the options parsed as its file loads (`program.parse()`, then `program.opts()`) reads the same options on a worker", () => {
  const r = run(FIXTURE, { entry: "main-cli-options.js", args: ["--places", "4"] });
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout, "worker 3.1416, inline 3.1416\n");
});

test("a CLI on an app object the package makes (`cli.parse()`, then `cli.options` read by the marked function) reads the same options on a worker", () => {
  const r = run(FIXTURE, { entry: "main-cac-options.js", args: ["--places", "4"] });
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout, "worker 3.1416, inline 3.1416\n");
});

test("an actor started as the file loads (`actor.start()`, then events sent), which the marked function reads, is started on a worker too", () => {
  const r = run(FIXTURE, { entry: "main-actor.js" });
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout, "worker 20, inline 20\n");
});

test("an entry with markers that configures a package as the function's own file does (both `dayjs.extend(utc)`) is not refused: the worker is set up the same", () => {
  const r = run(FIXTURE, { entry: "main-utc.js" });
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout, "worker utc:6 utc:3, inline utc:6 utc:3\n");
});

test("a CLI that sets a package up from the options it parses (`dayjs.locale(program.opts().lang)` after `program.parse()`) is set up the same on a worker", () => {
  const r = run(FIXTURE, { entry: "main-cli-locale.js", args: ["--lang", "sv"] });
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout, "worker 1 sv, inline 1 sv\n");
});

test("a file with markers that imports only a type of the function's file (no `import type`) is not refused for what it configures: the import loads nothing", () => {
  const r = run(FIXTURE, { entry: "main-report.js" });
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout, "worker 2 sv, inline 2 sv\n");
});

test("a request handler that configures a package per request (`Sentry.setUser(...)`) is not refused as set-up", () => {
  const r = run(FIXTURE, { entry: "main-server.js" });
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout, "worker 42, inline 42\n");
});

test("a helper that returns a package getter's value (`return dayjs.locale()`), used as a value, is not refused as set-up", () => {
  const r = run(FIXTURE, { entry: "main-stamp.js" });
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout, "dates formatted in 'en'\nworker plain:5, inline plain:5\n");
});

test("a chain on an instance the package made for the entry (`i18next.createInstance().use(b).init()`) is not refused: it configures only that instance", () => {
  const r = run(FIXTURE, { entry: "main-instance.js" });
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout, "worker hello, inline hello\n");
});

test("i18next's promise form (`i18next.use(b).init(o).then(...)`) in the marked function's file sets up the worker's copy too", () => {
  const r = run(FIXTURE, { entry: "main-greet-then.js" });
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout, "worker bonjour, inline bonjour\n");
});

test("a chain that goes on from the configuring call's value (`nunjucks.configure(o).addFilter(...)`) runs whole on a worker", () => {
  const r = run(FIXTURE, { entry: "main-templates.js" });
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout, "worker Hi ANN!, inline Hi ANN!\n");
});

test("helpers registered by a function of the app handed the package, or an environment it made (`registerHelpers(Handlebars)`, its `hb.registerHelper(...)`), are registered on a worker too", () => {
  const r = run(FIXTURE, { entry: "main-invoice.js" });
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout, "worker Total: $5.00 / $5.00, inline Total: $5.00 / $5.00\n");
});

test("a new value made from a package's value a marked function reads (zod's `const Admin = User.extend(...)` in the entry) is not taken for a change of it", () => {
  const r = run(FIXTURE, { entry: "main-schema.js" });
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout, 'worker [], inline [], admin ["role"]\n');
});

test.run();
