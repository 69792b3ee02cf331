// The HTTP phases, driven from the bench's own process: the no-op floors and
// availability search by autocannon, bookings through the API by a client of
// its own that times every request. Each returns its rate, its latency
// percentiles and every answer it did not expect, counted by status.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { PROJECT_ROOT } from "./system";
import { pick, randomStay } from "./stays";

export type Property = { id: string; timeZone: string; roomTypes: { id: string; capacity: number }[] };

export type LoadResult = {
  /** Answers of the kind the phase counts, per second. */
  perSecond: number;
  count: number;
  seconds: number;
  p50: number;
  p99: number;
  /** Every other answer, e.g. "2 × 503", or "none". */
  others: string;
};

export const FLOOR_CONNECTIONS = 64;

function run(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

function statusCounts(result: autocannon.Result): Map<number, number> {
  const stats = (result as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {};
  return new Map(Object.entries(stats).map(([status, { count }]) => [Number(status), Number(count)]));
}

function describeOthers(result: autocannon.Result, others: Map<string, number>): string {
  const parts = [...others].filter(([, n]) => n > 0).map(([what, n]) => `${n} × ${what}`);
  if (result.errors) parts.push(`${result.errors} connection errors`);
  if (result.timeouts) parts.push(`${result.timeouts} timeouts`);
  return parts.length ? parts.join(", ") : "none";
}

/** Counts the answers with status `expected`; every other status goes into `others`. */
function summarise(result: autocannon.Result, expected: number): LoadResult {
  const counts = statusCounts(result);
  const count = counts.get(expected) ?? 0;
  const others = new Map([...counts].filter(([status]) => status !== expected).map(([s, n]) => [String(s), n]));
  return {
    perSecond: count / result.duration,
    count,
    seconds: result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    others: describeOthers(result, others),
  };
}

/** One answer of the system, as noop-server.js replays it. */
export type RecordedAnswer = { status: number; headers: Record<string, string>; body: string };

/** The system's answer to one GET, headers and body, to replay as a floor. */
export async function recordAnswer(url: string): Promise<RecordedAnswer> {
  const response = await fetch(url);
  const headers: Record<string, string> = {};
  // Date and the connection's own headers are the server's to write; the length is the replayer's.
  const own = new Set(["date", "connection", "keep-alive", "content-length", "transfer-encoding"]);
  for (const [name, value] of response.headers) if (!own.has(name)) headers[name] = value;
  return { status: response.status, headers, body: await response.text() };
}

/**
 * The no-op server (noop-server.js) in a child process of its own, under
 * plain Node: answering a small fixed body, or `answer` byte for byte.
 */
export async function startFloorServer(answer?: RecordedAnswer): Promise<{ url: string; stop: () => void }> {
  let env = process.env;
  if (answer) {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "hotel-noop-")), "answer.json");
    fs.writeFileSync(file, JSON.stringify(answer));
    env = { ...process.env, HOTEL_NOOP_ANSWER: file };
  }
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, "tests/bench/noop-server.js")], {
    stdio: ["ignore", "pipe", "inherit"],
    env,
  });
  const port = await new Promise<string>((resolve, reject) => {
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (\d+)/.exec(output);
      if (match) resolve(match[1]);
    });
    child.on("exit", (code) => reject(new Error(`the no-op server exited with ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}/`,
    stop: () => {
      child.removeAllListeners("exit");
      child.kill("SIGTERM");
    },
  };
}

export async function floorLoad(url: string, seconds: number): Promise<LoadResult> {
  return summarise(await run({ url, connections: FLOOR_CONNECTIONS, duration: seconds }), 200);
}

export function searchPath(propertyId: string, stay: { checkIn: string; checkOut: string }): string {
  return `/api/v1/availability?propertyId=${propertyId}&checkIn=${stay.checkIn}&checkOut=${stay.checkOut}&adults=2`;
}

/** GET /api/v1/availability for random stays of the property, two adults. */
export async function searchLoad(
  url: string,
  property: Property,
  firstDay: string,
  connections: number,
  seconds: number,
): Promise<LoadResult> {
  const result = await run({
    url,
    connections,
    duration: seconds,
    requests: [
      {
        method: "GET",
        setupRequest: (request) => {
          return { ...request, path: searchPath(property.id, randomStay(firstDay)) };
        },
      },
    ],
  });
  return summarise(result, 200);
}

export type BookingLoad = LoadResult & {
  /** Confirmed (201) plus refused as sold out (409 sold_out), per second. */
  decisionsPerSecond: number;
  confirmed: number;
  soldOut: number;
};

/**
 * POST /api/v1/bookings from `connections` clients, each sending its next
 * request when its last is answered: a random stay of a random room type
 * under a fresh idempotency key. A decision is a 201 or a 409 whose problem
 * code is sold_out; any other answer is reported apart. Each request is
 * timed here, from before it is written to its whole answer (autocannon's
 * percentiles for these requests were not that), over plain Node http with
 * kept-alive connections, a client as light as autocannon.
 */
export async function bookingLoad(
  url: string,
  token: string,
  property: Property,
  firstDay: string,
  connections: number,
  seconds: number,
): Promise<BookingLoad> {
  const target = new URL("/api/v1/bookings", url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  const others = new Map<string, number>();
  const count = (what: string) => others.set(what, (others.get(what) ?? 0) + 1);
  let confirmed = 0;
  let soldOut = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const post = (body: string) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const request = http.request(
        target,
        {
          method: "POST",
          agent,
          headers: {
            "content-type": "application/json",
            "content-length": Buffer.byteLength(body),
            authorization: `Bearer ${token}`,
            "idempotency-key": randomUUID(),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () =>
            resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString() }),
          );
          response.on("error", reject);
        },
      );
      request.on("error", reject);
      request.end(body);
    });
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < deadline) {
        const body = JSON.stringify({
          propertyId: property.id,
          roomTypeId: pick(property.roomTypes).id,
          ...randomStay(firstDay),
          adults: 1,
        });
        const sent = performance.now();
        try {
          const { status, text } = await post(body);
          latencies.push(performance.now() - sent);
          if (status === 201) confirmed++;
          else if (status === 409 && /"code"\s*:\s*"sold_out"/.test(text)) soldOut++;
          else
            count(status === 409 ? `409 ${/"code"\s*:\s*"([a-z_]+)"/.exec(text)?.[1] ?? "no code"}` : String(status));
        } catch {
          count("connection errors");
        }
      }
    }),
  );
  agent.destroy();
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const percentile = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  const parts = [...others].map(([what, n]) => `${n} × ${what}`);
  return {
    perSecond: confirmed / elapsed,
    count: confirmed,
    seconds: elapsed,
    p50: percentile(0.5),
    p99: percentile(0.99),
    others: parts.length ? parts.join(", ") : "none",
    decisionsPerSecond: (confirmed + soldOut) / elapsed,
    confirmed,
    soldOut,
  };
}
