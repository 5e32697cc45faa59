// The CommonJS build's runner: the shared cases and the CommonJS-only ones.
// A polyfill for the whole app, imported for its effect first, as apps import core-js or
// reflect-metadata (cases/polyfill-in-entry.ts uses what it installs).
import "fake-polyfill/auto";
import _ from "fake-lodash";
import { runCorpus } from "../runner";
import { sharedCases } from "../shared-cases";
import { cjsCases } from "./cases";

// The entry's own call of a package a case uses, for its value (I/O, a computation): not
// configuration of it, so the build does not refuse the case (TS77014), nor do workers repeat it.
_.chunk(["corpus"], 1);
void runCorpus([...sharedCases, ...cjsCases]);
