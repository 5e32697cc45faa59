// runtime/options.ts and runtime/settings.ts: option checks, one phrasing everywhere
// ("`maxThreads` must be a positive integer, got 0"), TypeError for a wrong type,
// RangeError for a value out of range, and configure() applying all or nothing.
import { test } from "uvu";
import * as assert from "uvu/assert";
import {
  checkBoolean,
  checkKeys,
  checkOptions,
  checkPositiveInt,
  checkTimeout,
  MAX_TIMEOUT_MS,
} from "../../dist/runtime/options.js";
import { configure, onSettingsChange, setMaxThreads, settings } from "../../dist/runtime/settings.js";

/** Asserts that fn throws exactly this class with exactly this message. */
function throwsExactly(fn, Class, message) {
  try {
    fn();
  } catch (e) {
    assert.is(e.constructor, Class, `${e.constructor.name}: ${e.message}`);
    assert.is(e.message, message);
    return;
  }
  assert.unreachable(`no ${Class.name}: ${message}`);
}

test("the longest timeout is 2^31 - 1 ms, what setTimeout can wait", () => {
  assert.is(MAX_TIMEOUT_MS, 2147483647);
});

test("a positive integer passes checkPositiveInt and is returned", () => {
  assert.is(checkPositiveInt("o()", "n", 1), 1);
  assert.is(checkPositiveInt("o()", "n", 64), 64);
  assert.is(checkPositiveInt("o()", "n", Number.MAX_SAFE_INTEGER), Number.MAX_SAFE_INTEGER);
});

test("zero, negatives, fractions, NaN and Infinity are a RangeError naming the owner, the option and the value", () => {
  throwsExactly(
    () => checkPositiveInt("setMaxThreads()", "n", 0),
    RangeError,
    "setMaxThreads(): `n` must be a positive integer, got 0",
  );
  throwsExactly(
    () => checkPositiveInt("configure()", "maxThreads", -2),
    RangeError,
    "configure(): `maxThreads` must be a positive integer, got -2",
  );
  throwsExactly(
    () => checkPositiveInt("configure()", "maxThreads", 1.5),
    RangeError,
    "configure(): `maxThreads` must be a positive integer, got 1.5",
  );
  throwsExactly(
    () => checkPositiveInt("configure()", "maxThreads", NaN),
    RangeError,
    "configure(): `maxThreads` must be a positive integer, got NaN",
  );
  throwsExactly(
    () => checkPositiveInt("configure()", "maxThreads", Infinity),
    RangeError,
    "configure(): `maxThreads` must be a positive integer, got Infinity",
  );
});

test("a value that is not a number is a TypeError that shows it: strings quoted, bigints with n, objects and arrays by kind", () => {
  throwsExactly(() => checkPositiveInt("o()", "n", "4"), TypeError, 'o(): `n` must be a positive integer, got "4"');
  throwsExactly(() => checkPositiveInt("o()", "n", 4n), TypeError, "o(): `n` must be a positive integer, got 4n");
  throwsExactly(() => checkPositiveInt("o()", "n", null), TypeError, "o(): `n` must be a positive integer, got null");
  throwsExactly(
    () => checkPositiveInt("o()", "n", undefined),
    TypeError,
    "o(): `n` must be a positive integer, got undefined",
  );
  throwsExactly(() => checkPositiveInt("o()", "n", true), TypeError, "o(): `n` must be a positive integer, got true");
  throwsExactly(
    () => checkPositiveInt("o()", "n", { n: 4 }),
    TypeError,
    "o(): `n` must be a positive integer, got an object",
  );
  throwsExactly(
    () => checkPositiveInt("o()", "n", [4]),
    TypeError,
    "o(): `n` must be a positive integer, got an array",
  );
  throwsExactly(
    () => checkPositiveInt("o()", "n", Symbol("s")),
    TypeError,
    "o(): `n` must be a positive integer, got Symbol(s)",
  );
});

test("timeouts from 0 to 2^31 - 1 ms pass checkTimeout", () => {
  assert.is(checkTimeout("wait()", "timeoutMs", 0), 0);
  assert.is(checkTimeout("wait()", "timeoutMs", 0.5), 0.5);
  assert.is(checkTimeout("wait()", "timeoutMs", MAX_TIMEOUT_MS), MAX_TIMEOUT_MS);
});

test("a timeout above 2^31 - 1, negative or NaN is a RangeError that gives the range", () => {
  const range = "must be a number of milliseconds from 0 to 2147483647 (about 24.8 days)";
  throwsExactly(
    () => checkTimeout("configure()", "graceMs", 2 ** 31),
    RangeError,
    `configure(): \`graceMs\` ${range}, got 2147483648`,
  );
  throwsExactly(
    () => checkTimeout("configure()", "graceMs", Number.MAX_SAFE_INTEGER),
    RangeError,
    `configure(): \`graceMs\` ${range}, got 9007199254740991`,
  );
  throwsExactly(
    () => checkTimeout("configure()", "graceMs", -1),
    RangeError,
    `configure(): \`graceMs\` ${range}, got -1`,
  );
  throwsExactly(
    () => checkTimeout("configure()", "graceMs", NaN),
    RangeError,
    `configure(): \`graceMs\` ${range}, got NaN`,
  );
});

test("Infinity is a timeout only where the option allows no limit, and the message then says so", () => {
  assert.is(checkTimeout("wait()", "timeoutMs", Infinity, true), Infinity);
  throwsExactly(
    () => checkTimeout("configure()", "graceMs", Infinity),
    RangeError,
    "configure(): `graceMs` must be a number of milliseconds from 0 to 2147483647 (about 24.8 days), got Infinity",
  );
  throwsExactly(
    () => checkTimeout("wait()", "timeoutMs", -Infinity, true),
    RangeError,
    "wait(): `timeoutMs` must be a number of milliseconds from 0 to 2147483647 (about 24.8 days), or Infinity for no limit, got -Infinity",
  );
  throwsExactly(
    () => checkTimeout("wait()", "timeoutMs", 2 ** 31, true),
    RangeError,
    "wait(): `timeoutMs` must be a number of milliseconds from 0 to 2147483647 (about 24.8 days), or Infinity for no limit, got 2147483648",
  );
});

test("a timeout that is not a number is a TypeError", () => {
  throwsExactly(
    () => checkTimeout("wait()", "timeoutMs", "100", true),
    TypeError,
    'wait(): `timeoutMs` must be a number of milliseconds, got "100"',
  );
  throwsExactly(
    () => checkTimeout("wait()", "timeoutMs", null),
    TypeError,
    "wait(): `timeoutMs` must be a number of milliseconds, got null",
  );
});

test("checkBoolean takes true and false only", () => {
  assert.is(checkBoolean("configure()", "inline", true), true);
  assert.is(checkBoolean("configure()", "inline", false), false);
  throwsExactly(
    () => checkBoolean("configure()", "inline", 1),
    TypeError,
    "configure(): `inline` must be true or false, got 1",
  );
  throwsExactly(
    () => checkBoolean("configure()", "inline", "true"),
    TypeError,
    'configure(): `inline` must be true or false, got "true"',
  );
});

test("an unknown option key is a TypeError that lists the known ones", () => {
  checkKeys("wait()", { timeoutMs: 1 }, ["timeoutMs"]);
  checkKeys("wait()", {}, ["timeoutMs"]);
  throwsExactly(
    () => checkKeys("wait()", { timeoutMS: 1 }, ["timeoutMs"]),
    TypeError,
    "wait(): unknown option `timeoutMS`; the options are `timeoutMs`",
  );
  throwsExactly(
    () => checkKeys("shutdown()", { wait: true, cancel: true }, ["wait", "cancelFutures"]),
    TypeError,
    "shutdown(): unknown option `cancel`; the options are `wait`, `cancelFutures`",
  );
});

test("a key whose value is undefined is still a key: a typo is not a silent default", () => {
  throwsExactly(
    () => checkKeys("wait()", { timeoutMS: undefined }, ["timeoutMs"]),
    TypeError,
    "wait(): unknown option `timeoutMS`; the options are `timeoutMs`",
  );
});

test("checkOptions passes undefined through and returns the object it was given", () => {
  assert.is(checkOptions("wait()", undefined, ["timeoutMs"], "{ timeoutMs: 1000 }"), undefined);
  const o = { timeoutMs: 5 };
  assert.is(checkOptions("wait()", o, ["timeoutMs"], "{ timeoutMs: 1000 }"), o);
});

test("options that are not an object are a TypeError with an example of the right shape", () => {
  throwsExactly(
    () => checkOptions("wait()", 1000, ["timeoutMs"], "{ timeoutMs: 1000 }"),
    TypeError,
    "wait(): options must be an object like { timeoutMs: 1000 }, got 1000",
  );
  throwsExactly(
    () => checkOptions("wait()", null, ["timeoutMs"], "{ timeoutMs: 1000 }"),
    TypeError,
    "wait(): options must be an object like { timeoutMs: 1000 }, got null",
  );
  throwsExactly(
    () => checkOptions("subscribe()", "blocks", ["blocks"], "{ blocks: true }"),
    TypeError,
    'subscribe(): options must be an object like { blocks: true }, got "blocks"',
  );
  throwsExactly(
    () => checkOptions("wait()", { timeout: 1 }, ["timeoutMs"], "{ timeoutMs: 1000 }"),
    TypeError,
    "wait(): unknown option `timeout`; the options are `timeoutMs`",
  );
});

// configure() changes module state: each test below puts the settings back.
const saved = { ...settings };
const restore = () => Object.assign(settings, saved);

test("the defaults: no minimum threads, 250 ms grace, idle workers kept, 512 async tasks per worker, call sites on", () => {
  assert.is(settings.minThreads, 0);
  assert.is(settings.graceMs, 250);
  assert.is(settings.idleTimeoutMs, Infinity);
  assert.is(settings.asyncTasksPerWorker, 512);
  assert.is(settings.callSites, true);
  assert.is(settings.resourceLimits, undefined);
  assert.ok(Number.isInteger(settings.maxThreads) && settings.maxThreads >= 1);
});

test("configure() sets what it is given and leaves the rest", () => {
  try {
    configure({
      maxThreads: 3,
      minThreads: 1,
      graceMs: 10,
      idleTimeoutMs: 500,
      asyncTasksPerWorker: 2,
      callSites: false,
      inline: true,
      resourceLimits: { maxOldGenerationSizeMb: 64 },
    });
    assert.equal(
      { ...settings },
      {
        maxThreads: 3,
        minThreads: 1,
        graceMs: 10,
        idleTimeoutMs: 500,
        asyncTasksPerWorker: 2,
        callSites: false,
        inline: true,
        resourceLimits: { maxOldGenerationSizeMb: 64 },
      },
    );
    configure({ graceMs: 0 });
    assert.is(settings.graceMs, 0);
    assert.is(settings.maxThreads, 3);
    configure({ resourceLimits: undefined, idleTimeoutMs: Infinity, minThreads: 0 });
    assert.is(settings.resourceLimits, undefined);
    assert.is(settings.idleTimeoutMs, Infinity);
    assert.is(settings.minThreads, 0);
  } finally {
    restore();
  }
});

test("configure() refuses each bad option with the shared message", () => {
  try {
    throwsExactly(
      () => configure({ maxThreads: 0 }),
      RangeError,
      "configure(): `maxThreads` must be a positive integer, got 0",
    );
    throwsExactly(
      () => configure({ minThreads: -1 }),
      RangeError,
      "configure(): `minThreads` must be a positive integer, got -1",
    );
    throwsExactly(
      () => configure({ asyncTasksPerWorker: 0.5 }),
      RangeError,
      "configure(): `asyncTasksPerWorker` must be a positive integer, got 0.5",
    );
    throwsExactly(
      () => configure({ inline: "yes" }),
      TypeError,
      'configure(): `inline` must be true or false, got "yes"',
    );
    throwsExactly(
      () => configure({ callSites: 0 }),
      TypeError,
      'configure(): `callSites` must be true, false or "all", got 0',
    );
    throwsExactly(
      () => configure({ graceMs: Infinity }),
      RangeError,
      "configure(): `graceMs` must be a number of milliseconds from 0 to 2147483647 (about 24.8 days), got Infinity",
    );
    throwsExactly(
      () => configure({ idleTimeoutMs: 2 ** 31 }),
      RangeError,
      "configure(): `idleTimeoutMs` must be a number of milliseconds from 0 to 2147483647 (about 24.8 days), or Infinity for no limit, got 2147483648",
    );
    throwsExactly(
      () => configure({ resourceLimits: 256 }),
      TypeError,
      "configure(): `resourceLimits` must be an object like { maxOldGenerationSizeMb: 256 }",
    );
    throwsExactly(
      () => configure({ resourceLimits: null }),
      TypeError,
      "configure(): `resourceLimits` must be an object like { maxOldGenerationSizeMb: 256 }",
    );
  } finally {
    restore();
  }
});

test("configure() refuses an unknown key, listing the settings", () => {
  throwsExactly(
    () => configure({ maxThread: 2 }),
    TypeError,
    "configure(): unknown option `maxThread`; the options are `maxThreads`, `minThreads`, `idleTimeoutMs`, `inline`, `resourceLimits`, `graceMs`, `asyncTasksPerWorker`, `callSites`",
  );
});

test("configure() without an options object is a TypeError", () => {
  throwsExactly(() => configure(undefined), TypeError, "configure(): options must be an object");
  throwsExactly(() => configure(null), TypeError, "configure(): options must be an object");
  throwsExactly(() => configure(4), TypeError, "configure(): options must be an object");
});

test("minThreads above maxThreads is a RangeError, whichever of the two the call sets", () => {
  try {
    configure({ maxThreads: 4 });
    throwsExactly(
      () => configure({ minThreads: 5 }),
      RangeError,
      "configure(): `minThreads` (5) must not be more than `maxThreads` (4)",
    );
    configure({ minThreads: 2 });
    throwsExactly(
      () => configure({ maxThreads: 1 }),
      RangeError,
      "configure(): `minThreads` (2) must not be more than `maxThreads` (1)",
    );
    configure({ maxThreads: 2, minThreads: 2 });
    assert.is(settings.minThreads, 2);
  } finally {
    restore();
  }
});

test("a configure() call that fails changes nothing, not even the options before the bad one", () => {
  try {
    const before = { ...settings };
    throwsExactly(
      () => configure({ maxThreads: 7, graceMs: 5, idleTimeoutMs: -1 }),
      RangeError,
      "configure(): `idleTimeoutMs` must be a number of milliseconds from 0 to 2147483647 (about 24.8 days), or Infinity for no limit, got -1",
    );
    throwsExactly(
      () => configure({ graceMs: 5, resourceLimits: "big" }),
      TypeError,
      "configure(): `resourceLimits` must be an object like { maxOldGenerationSizeMb: 256 }",
    );
    assert.equal({ ...settings }, before);
  } finally {
    restore();
  }
});

test("settings listeners are told after each configure() that succeeds, with the new settings in place", () => {
  const seen = [];
  let on = true;
  onSettingsChange(() => on && seen.push(settings.maxThreads));
  try {
    configure({ maxThreads: 5 });
    try {
      configure({ maxThreads: 0 });
    } catch {}
    configure({ maxThreads: 6 });
    assert.equal(seen, [5, 6]);
  } finally {
    on = false;
    restore();
  }
});

test("a settings listener is told no more once the function onSettingsChange returned is called, and the others still are", () => {
  const seen = [];
  const offA = onSettingsChange(() => seen.push("a" + settings.maxThreads));
  const offB = onSettingsChange(() => {
    seen.push("b" + settings.maxThreads);
    offB(); // removed while configure() tells them: the ones after it are still told
  });
  const offC = onSettingsChange(() => seen.push("c" + settings.maxThreads));
  try {
    configure({ maxThreads: 5 });
    offA();
    configure({ maxThreads: 6 });
    assert.equal(seen, ["a5", "b5", "c5", "c6"]);
  } finally {
    offA();
    offC();
    restore();
  }
});

test("setMaxThreads(n) sets maxThreads and names its own parameter when n is wrong", () => {
  try {
    setMaxThreads(2);
    assert.is(settings.maxThreads, 2);
    throwsExactly(() => setMaxThreads(0), RangeError, "setMaxThreads(): `n` must be a positive integer, got 0");
    throwsExactly(() => setMaxThreads("2"), TypeError, 'setMaxThreads(): `n` must be a positive integer, got "2"');
    assert.is(settings.maxThreads, 2);
  } finally {
    restore();
  }
});

test.run();
