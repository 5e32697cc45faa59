// The ES module build's runner: the shared cases and the ES-module-only ones.
// A polyfill for the whole app, imported for its effect first, as apps import core-js or
// reflect-metadata (cases/polyfill-in-entry.ts uses what it installs).
import "fake-polyfill/auto";
import _ from "fake-lodash";
import { runCorpus } from "../runner.js";
import { sharedCases } from "../shared-cases.js";
import { esmCases } from "./cases.js";

// The entry's own call of a package a case uses, for its value (I/O, a computation): not
// configuration of it, so the build does not refuse the case (TS77014), nor do workers repeat it.
_.chunk(["corpus"], 1);
await runCorpus([...sharedCases, ...esmCases]);
