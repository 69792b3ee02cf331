// Live data: N subscribers to one reservations shape through the app's
// authenticated proxy (/shapes/reservations), each a real ShapeStream of
// @electric-sql/client as a browser runs it; then bookings one after another
// through the API, each timed from the moment its POST starts to its arrival
// (matched by the txid the API returns) at every subscriber.
import { setMaxListeners } from "node:events";
import { randomUUID } from "node:crypto";
import { ShapeStream, type Row } from "@electric-sql/client";
import type { Property } from "./http-load";
import { percentile } from "./report";
import { addDays, pick, randomStay } from "./stays";
import type { System } from "./system";

/** Bookings timed at each level of subscribers. */
const BOOKINGS = 20;
/** How long a booking may take to reach everyone before it counts as missing there. */
const ARRIVAL_TIMEOUT_MS = 10_000;

export type LiveResult = {
  subscribers: number;
  p50: number;
  p99: number;
  /** Arrivals timed: bookings × subscribers, less the missing. */
  arrivals: number;
  /** (booking, subscriber) pairs that never arrived within ARRIVAL_TIMEOUT_MS. */
  missing: number;
  /** Bookings the API did not confirm (nothing to wait for; another stay is tried instead). */
  refused: number;
};

export async function shapeLatency(
  system: System,
  property: Property,
  guestToken: string,
  managerToken: string,
  subscribers: number,
  firstDay: string,
): Promise<LiveResult> {
  const controller = new AbortController();
  // Every subscriber listens on this one signal.
  setMaxListeners(0, controller.signal);
  const arrivals: Map<string, number>[] = [];
  const ready: Promise<void>[] = [];
  for (let i = 0; i < subscribers; i++) {
    const seen = new Map<string, number>();
    arrivals.push(seen);
    const stream = new ShapeStream<Row>({
      url: `${system.url}shapes/reservations`,
      params: { propertyId: property.id, from: firstDay, to: addDays(firstDay, 60) },
      headers: { authorization: `Bearer ${managerToken}` },
      signal: controller.signal,
    });
    ready.push(
      new Promise((resolve) => {
        stream.subscribe((messages) => {
          const now = performance.now();
          for (const message of messages) {
            const txids = (message.headers as { txids?: number[] }).txids ?? [];
            for (const txid of txids) if (!seen.has(String(txid))) seen.set(String(txid), now);
          }
          if (stream.isUpToDate) resolve();
        });
      }),
    );
  }
  await Promise.all(ready);
  const latencies: number[] = [];
  let missing = 0;
  let refused = 0;
  try {
    // A refused stay (that type sold out on those nights) is replaced by another, up to a limit.
    for (let timed = 0, tries = 0; timed < BOOKINGS && tries < BOOKINGS * 5; tries++) {
      const started = performance.now();
      const response = await fetch(`${system.url}api/v1/bookings`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          authorization: `Bearer ${guestToken}`,
          "idempotency-key": randomUUID(),
        },
        body: JSON.stringify({
          propertyId: property.id,
          roomTypeId: pick(property.roomTypes).id,
          ...randomStay(firstDay, 55),
          adults: 1,
        }),
      });
      if (response.status !== 201) {
        refused++;
        await response.body?.cancel();
        continue;
      }
      const { txid } = (await response.json()) as { txid: string };
      timed++;
      const deadline = started + ARRIVAL_TIMEOUT_MS;
      while (arrivals.some((seen) => !seen.has(txid)) && performance.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      for (const seen of arrivals) {
        const at = seen.get(txid);
        if (at === undefined) missing++;
        else latencies.push(at - started);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    controller.abort();
  }
  return {
    subscribers,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    arrivals: latencies.length,
    missing,
    refused,
  };
}
