// The ES module build's runner: the shared cases and the ES-module-only ones.
import { runCorpus } from "../runner.js";
import { sharedCases } from "../shared-cases.js";
import { esmCases } from "./cases.js";

await runCorpus([...sharedCases, ...esmCases]);
