// GET /metrics: the process's counters in Prometheus' text format, for
// operators and the benchmark. Off unless HOTEL_METRICS_TOKEN is set, and
// then only to `Authorization: Bearer <that token>`: the figures say how busy
// the hotel is, which is nobody else's business.
import { timingSafeEqual } from "node:crypto";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { transactionStats } from "../../db/pool.server";
import { getEnv } from "~/env.server";

export function loader({ request }: LoaderFunctionArgs) {
  const token = getEnv().HOTEL_METRICS_TOKEN;
  if (!token) return new Response("Not Found", { status: 404 });
  const given = Buffer.from(request.headers.get("authorization") ?? "");
  const expected = Buffer.from(`Bearer ${token}`);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return new Response("Unauthorized", { status: 401, headers: { "WWW-Authenticate": 'Bearer realm="metrics"' } });
  }
  const lines: string[] = [];
  const counter = (name: string, help: string, value: (label: string) => number) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`);
    for (const label of transactionStats().keys()) lines.push(`${name}{work="${label}"} ${value(label)}`);
  };
  const stats = (label: string) => transactionStats().get(label)!;
  counter(
    "hotel_serializable_attempts_total",
    "Serializable transactions started, retries included.",
    (l) => stats(l).attempts,
  );
  counter(
    "hotel_serializable_retries_total",
    "Retries after a serialization failure or deadlock.",
    (l) => stats(l).retries,
  );
  counter(
    "hotel_serializable_decided_total",
    "Serializable work that ended in a decision (done or refused).",
    (l) => stats(l).decided,
  );
  // The names the benchmark reads, for bookings alone.
  const booking = transactionStats().get("booking") ?? { attempts: 0, retries: 0, decided: 0 };
  lines.push(`hotel_booking_attempts_total ${booking.attempts}`);
  lines.push(`hotel_booking_retries_total ${booking.retries}`);
  lines.push(`hotel_bookings_decided_total ${booking.decided}`);
  const memory = process.memoryUsage();
  lines.push("# TYPE process_resident_memory_bytes gauge", `process_resident_memory_bytes ${memory.rss}`);
  lines.push("# TYPE nodejs_heap_used_bytes gauge", `nodejs_heap_used_bytes ${memory.heapUsed}`);
  lines.push("# TYPE nodejs_heap_total_bytes gauge", `nodejs_heap_total_bytes ${memory.heapTotal}`);
  lines.push("# TYPE nodejs_external_memory_bytes gauge", `nodejs_external_memory_bytes ${memory.external}`);
  return new Response(`${lines.join("\n")}\n`, {
    headers: { "Content-Type": "text/plain; version=0.0.4; charset=utf-8", "Cache-Control": "no-store" },
  });
}
