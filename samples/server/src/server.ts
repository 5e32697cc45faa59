import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** How the heavy route gets its hash: computed on this thread, or a worker's task awaited. */
export type Hasher = (password: string, salt: string, iterations: number) => string | PromiseLike<string>;

/**
 * A small API on 127.0.0.1 (a free port):
 *   GET /hash?password=...&salt=...  PBKDF2-HMAC-SHA256 of the password, in hex (CPU-heavy)
 *   GET /health                      "ok", at once (what a load balancer polls)
 */
export async function startServer(hash: Hasher, iterations: number): Promise<{ server: Server; port: number }> {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (req.method === "GET" && url.pathname === "/health") {
      res.end("ok");
    } else if (req.method === "GET" && url.pathname === "/hash") {
      const password = url.searchParams.get("password");
      const salt = url.searchParams.get("salt");
      if (password === null || salt === null) {
        res.statusCode = 400;
        res.end("password and salt are required\n");
        return;
      }
      try {
        const hex = await hash(password, salt, iterations);
        res.setHeader("content-type", "text/plain");
        res.end(hex);
      } catch (error) {
        res.statusCode = 500;
        res.end(`${error}\n`);
      }
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  // Keep idle keep-alive connections longer than the default 5 s, as a server behind a
  // load balancer or proxy is configured to: the load generator opens its connections once.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

export async function stopServer(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  server.closeAllConnections(); // keep-alive sockets the clients left open
  await closed;
}
