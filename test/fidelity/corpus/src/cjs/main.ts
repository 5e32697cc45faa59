// The CommonJS build's runner: the shared cases and the CommonJS-only ones.
import { runCorpus } from "../runner";
import { sharedCases } from "../shared-cases";
import { cjsCases } from "./cases";

void runCorpus([...sharedCases, ...cjsCases]);
