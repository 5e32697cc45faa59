// A redis-server owned by a worker thread of the test process, so that it can be
// restarted while the test's own thread is blocked (in a wait(), whose event loop stands
// still). Posts { url } once it is up; { restartIn: ms } restarts it that much later,
// without persistence (what was in it is gone); { stop: true } stops it by its PID.
import { parentPort } from "node:worker_threads";
import { startRedis } from "./redis.mjs";

const redis = await startRedis();
parentPort.postMessage({ url: redis.url, port: redis.port });
parentPort.on("message", (m) => {
  if (m.restartIn !== undefined)
    setTimeout(() => void redis.restart().then(() => parentPort.postMessage({ restarted: true })), m.restartIn);
  if (m.stop) void redis.stop().then(() => parentPort.postMessage({ stopped: true }));
});
