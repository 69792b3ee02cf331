// The no-op HTTP floor: a minimal Node `http` server answering every request
// with a small fixed JSON body and its Content-Length. The benchmark runs it
// in a child process of its own (plain Node, no loader), so it shares neither
// the bench's event loop nor the system's, and hits it with the same client as
// the API. It prints the port it listens on, then serves until killed.
import http from "node:http";

const body = Buffer.from(JSON.stringify({ ok: true }));
const server = http.createServer((_request, response) => {
  response.writeHead(200, { "content-type": "application/json", "content-length": body.length });
  response.end(body);
});
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(`listening on ${typeof address === "object" && address ? address.port : 0}\n`);
});
process.on("SIGTERM", () => process.exit(0));
