// The no-op HTTP floor: a minimal Node `http` server answering every request
// with one fixed answer and its Content-Length. By default that is a small
// JSON body; with HOTEL_NOOP_ANSWER naming a JSON file of
// { status, headers, body }, it is that answer, byte for byte (the bench
// records one of the system's own searches: the least HTTP a search can cost
// is sending its answer). The benchmark runs it in a child process of its
// own (plain Node, no loader), so it shares neither the bench's event loop nor
// the system's, and hits it with the same client as the API. It prints the
// port it listens on, then serves until killed.
import fs from "node:fs";
import http from "node:http";

const recorded = process.env.HOTEL_NOOP_ANSWER
  ? JSON.parse(fs.readFileSync(process.env.HOTEL_NOOP_ANSWER, "utf8"))
  : { status: 200, headers: { "content-type": "application/json" }, body: JSON.stringify({ ok: true }) };
const body = Buffer.from(recorded.body);
const headers = { ...recorded.headers, "content-length": body.length };
const server = http.createServer((_request, response) => {
  response.writeHead(recorded.status, headers);
  response.end(body);
});
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(`listening on ${typeof address === "object" && address ? address.port : 0}\n`);
});
process.on("SIGTERM", () => process.exit(0));
