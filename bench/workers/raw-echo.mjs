// Floor worker that idles in its event loop: the cheapest async round trip Node offers.
import { parentPort } from "node:worker_threads";

parentPort.on("message", (x) => parentPort.postMessage(x + 1));
