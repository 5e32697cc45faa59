// runtime/bullmq/reachable.ts describeConnection: where a cluster worker says Redis is,
// in its "cannot reach Redis" line, with no secret of the connection in it.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { describeConnection } from "../../dist/runtime/bullmq/reachable.js";

test("a URL's user and password never show, with or without its scheme", () => {
  assert.is(describeConnection("redis://user:s3cret@10.0.0.5:6379/0"), "redis://***@10.0.0.5:6379/0");
  assert.is(describeConnection("rediss://:s3cret@cache.example:6380"), "rediss://***@cache.example:6380");
  // ioredis takes a URL without a scheme too; `new URL` would read "default:" as one.
  assert.is(describeConnection("default:s3cret@127.0.0.1:6399"), "***@127.0.0.1:6399");
  assert.is(describeConnection("redis://u:pa/ss@h:1"), "redis://***@h:1");
});

test("a URL's query, where ioredis reads ?password=, never shows", () => {
  assert.is(describeConnection("redis://127.0.0.1:6399/?password=s3cret"), "redis://127.0.0.1:6399/");
});

test("a URL without secrets shows as it is; ioredis options as host:port", () => {
  assert.is(describeConnection("redis://127.0.0.1:6379"), "redis://127.0.0.1:6379");
  assert.is(describeConnection("notaurl"), "notaurl");
  assert.is(describeConnection({ host: "10.0.0.5", password: "s3cret" }), "10.0.0.5:6379");
  assert.is(describeConnection({}), "127.0.0.1:6379");
});

test.run();
