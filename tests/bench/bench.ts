// `npm run bench [-- --scale]`: issue 18's figures, in one run, on the whole
// system started on a scratch data folder (system.ts):
//   - the machine (cores, Node, PostgreSQL);
//   - the two SQL ceilings, arbiter and predicate read (ceiling.ts), the
//     arbiter run right before and right after the API's bookings (this
//     machine's speed drifts within minutes) and taken as the mean;
//   - booking decisions/s through POST /api/v1/bookings at 32 clients, with
//     retries per booking from the app's /metrics and p50/p99;
//   - availability search at 16 and 64 clients with p50/p99;
//   - the no-op HTTP floor at 64 connections, same client (http-load.ts),
//     answering a small body and, the search's own floor, replaying one of
//     the system's search answers byte for byte;
//   - live data: POST start to arrival at 1, 50 and 200 shape subscribers
//     (live.ts), with the count of arrivals missing;
//   - the system's RSS, sampled during every phase;
//   - with --scale, search and bookings again after growing the database to
//     a million reservations over 50 hotels (scale.ts), each beside its
//     value before growth, and flat against the same yardstick measured
//     again then (the search's floor, the arbiter ceiling);
//   - after all, the count of overlapping active stays of one room (must be
//     0) and of reservations; then a summary table of every figure, ratio
//     and target. Figures are printed, never asserted: the exit code says
//     only whether the bench itself ran.
// BENCH_SECONDS sets each timed phase (15 s), each HTTP phase preceded by
// an unmeasured warm-up of a fifth of that and followed by a wait until the
// system is idle again; BENCH_SCALE_RESERVATIONS sets the size --scale grows
// to (1,000,000), smaller for a quick run.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CEILING_CONNECTIONS, dropCeiling, prepareCeiling, runCeiling, type CeilingResult } from "./ceiling";
import {
  FLOOR_CONNECTIONS,
  bookingLoad,
  floorLoad,
  recordAnswer,
  searchLoad,
  searchPath,
  startFloorServer,
  type BookingLoad,
  type LoadResult,
  type Property,
  type RecordedAnswer,
} from "./http-load";
import { shapeLatency, type LiveResult } from "./live";
import { Summary, atLeast, atMost, below, flat, ms, none, num, ratio } from "./report";
import { cancelBookingsBetween, databaseNow, growToScale, integrity, waitUntilSettled } from "./scale";
import { WINDOW_DAYS, addDays, todayIn } from "./stays";
import {
  guestToken,
  managerToken,
  phase,
  readMetrics,
  startSystem,
  systemCommand,
  waitForIdle,
  withDatabase,
  type System,
} from "./system";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
/** Each HTTP phase is run this long first, unmeasured: cold code and empty pools are not the steady state. */
const WARMUP_SECONDS = Math.max(1, Math.round(SECONDS / 5));
const SCALE = process.argv.includes("--scale");
const SCALE_RESERVATIONS = Number(process.env.BENCH_SCALE_RESERVATIONS ?? 1_000_000);
const SCALE_PROPERTIES = 50;
const BOOKING_CLIENTS = 32;
const SEARCH_CLIENTS = [16, 64] as const;
const LIVE_SUBSCRIBERS = [1, 50, 200] as const;

const say = (line: string) => console.log(line);
const rate = (result: LoadResult) => `${num(result.perSecond)}/s, p50 ${ms(result.p50)}, p99 ${ms(result.p99)}`;

type BookingPhase = {
  load: BookingLoad;
  /** Retries per decided booking from /metrics, or why there is none. */
  retriesPerBooking?: number;
  retriesNote: string;
  startedAt: string;
  endedAt: string;
};

/** Whether the system serves GET /metrics: asked once, so a system without it logs one 404, not one a phase. */
let metricsServed = false;

async function bookingPhase(system: System, token: string, property: Property, firstDay: string, name: string) {
  // The warm-up's bookings count among the phase's, for cancelling them (scale.ts), not in its figures.
  const startedAt = await databaseNow(system.appUrl);
  let before: Map<string, number> | undefined;
  let after: Map<string, number> | undefined;
  const load = await phase(system, name, async () => {
    await bookingLoad(system.url, token, property, firstDay, BOOKING_CLIENTS, WARMUP_SECONDS);
    await waitForIdle(system);
    before = metricsServed ? await readMetrics(system) : undefined;
    const measured = await bookingLoad(system.url, token, property, firstDay, BOOKING_CLIENTS, SECONDS);
    // Requests the client gave up on at the end are still served: let them finish before the counters are read.
    await waitForIdle(system);
    after = metricsServed ? await readMetrics(system) : undefined;
    return measured;
  });
  const endedAt = await databaseNow(system.appUrl);
  const result: BookingPhase = { load, retriesNote: "", startedAt, endedAt };
  if (!before || !after) {
    result.retriesNote = "retries: n/a (no /metrics)";
  } else {
    const [start, end] = [before, after];
    const delta = (name: string) => (end.has(name) ? end.get(name)! - (start.get(name) ?? 0) : undefined);
    const retries = delta("hotel_booking_retries_total");
    const attempts = delta("hotel_booking_attempts_total");
    const decided = delta("hotel_bookings_decided_total");
    if (retries === undefined) {
      result.retriesNote = "retries: n/a (/metrics has no hotel_booking_retries_total)";
    } else {
      const per = decided ?? load.confirmed + load.soldOut;
      result.retriesPerBooking = per > 0 ? retries / per : undefined;
      result.retriesNote =
        `${num(retries)} retries in ${num(attempts)} attempts for ${num(decided)} decisions (/metrics), ` +
        `${num(result.retriesPerBooking)} per booking`;
    }
  }
  say(
    `  ${name}: ${num(load.decisionsPerSecond)} decisions/s (${load.confirmed} confirmed, ${load.soldOut} sold out; ` +
      `other answers: ${load.others}), p50 ${ms(load.p50)}, p99 ${ms(load.p99)}; ${result.retriesNote}; ` +
      `RSS max ${num(system.memory.get(name))} MB`,
  );
  return result;
}

/** A warm-up, then the measured run, each followed by the system going idle again. */
async function warmedUp<T>(system: System, warmUp: () => Promise<unknown>, run: () => Promise<T>): Promise<T> {
  await warmUp();
  await waitForIdle(system);
  const result = await run();
  await waitForIdle(system);
  return result;
}

async function searchPhase(system: System, property: Property, firstDay: string, clients: number, name: string) {
  const result = await phase(system, name, () =>
    warmedUp(
      system,
      () => searchLoad(system.url, property, firstDay, clients, WARMUP_SECONDS),
      () => searchLoad(system.url, property, firstDay, clients, SECONDS),
    ),
  );
  say(`  ${name}: ${rate(result)} (other answers: ${result.others}); RSS max ${num(system.memory.get(name))} MB`);
  return result;
}

/** Two runs of one ceiling as one: the mean rate, the retries of both. */
function meanCeiling(a: CeilingResult, b: CeilingResult): { decisionsPerSecond: number; retries: number } {
  return { decisionsPerSecond: (a.decisionsPerSecond + b.decisionsPerSecond) / 2, retries: a.retries + b.retries };
}

function ceilingLine(result: CeilingResult): string {
  return (
    `  SQL ceiling, ${result.kind}: ${num(result.decisionsPerSecond)} decisions/s (${result.confirmed} confirmed, ` +
    `${result.soldOut} sold out), ${result.retries} retries (${result.retryCodes}; ` +
    `${num(result.retries / Math.max(1, result.confirmed + result.soldOut))} ` +
    `per decision${result.gaveUp ? `, ${result.gaveUp} given up` : ""}), ${num(result.roundTripsPerDecision)} round trips ` +
    `per decision, p50 ${ms(result.p50)}, p99 ${ms(result.p99)}`
  );
}

/** The no-op server at FLOOR_CONNECTIONS, answering a small body or `answer`. */
function floorPhase(system: System, answer?: RecordedAnswer): Promise<LoadResult> {
  return phase(system, "no-op floor", async () => {
    const server = await startFloorServer(answer);
    try {
      return await warmedUp(
        system,
        () => floorLoad(server.url, WARMUP_SECONDS),
        () => floorLoad(server.url, SECONDS),
      );
    } finally {
      server.stop();
    }
  });
}

async function postgresVersion(url: string): Promise<string> {
  return withDatabase(url, async (client) => {
    return (await client.query<{ v: string }>(`SELECT current_setting('server_version') AS v`)).rows[0].v;
  });
}

async function demoHotelSize(url: string, propertyId: string) {
  return withDatabase(url, async (client) => {
    const { rows } = await client.query<{ rooms: number; reservations: number }>(
      `SELECT (SELECT count(*)::int FROM rooms WHERE property_id = $1) AS rooms,
                (SELECT count(*)::int FROM reservations WHERE property_id = $1) AS reservations`,
      [propertyId],
    );
    return rows[0];
  });
}

async function listProperties(system: System): Promise<Property[]> {
  const response = await fetch(`${system.url}api/v1/properties`);
  return ((await response.json()) as { properties: Property[] }).properties;
}

async function main() {
  const summary = new Summary();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hotel-bench-"));
  // The postgres system user must pass through it (see db/embedded.ts).
  fs.chmodSync(dataDir, 0o755);
  const cpus = os.cpus();
  const machine = `${cpus.length} cores (${cpus[0]?.model.trim() ?? "unknown"}), Node ${process.version}`;
  say(
    `bench: ${machine}; ${SECONDS} s per timed phase after ${WARMUP_SECONDS} s of warm-up${SCALE ? `; --scale to ${num(SCALE_RESERVATIONS)} reservations` : ""}`,
  );
  const { command, args } = systemCommand();
  say(
    `bench: starting \`${[path.basename(command), ...args].join(" ")}\` on scratch data folder ${dataDir} (rate limits off)`,
  );
  const system = await startSystem(dataDir);
  try {
    const pgVersion = await postgresVersion(system.appUrl);
    const [property] = await listProperties(system);
    const demo = await demoHotelSize(system.appUrl, property.id);
    say(
      `bench: PostgreSQL ${pgVersion}; demo hotel: ${property.roomTypes.length} room types, ${demo.rooms} rooms, ` +
        `${demo.reservations} reservations; stays of 1-3 nights arriving within ${WINDOW_DAYS} days`,
    );
    summary.figure("Machine", `${machine}, PostgreSQL ${pgVersion}`);
    const tomorrow = addDays(todayIn(property.timeZone), 1);
    const guest = await guestToken(system);
    const manager = await managerToken(system);
    metricsServed = (await readMetrics(system)) !== undefined;
    say(
      `bench: GET /metrics ${metricsServed ? "answers: retries per booking from its counters" : "answers 404: retries per booking n/a"}`,
    );
    system.memory.set("idle", system.rssMB());

    say("\nNo-op HTTP floor (its own process, plain Node http):");
    const floor = await floorPhase(system);
    say(`  ${FLOOR_CONNECTIONS} connections: ${rate(floor)} (other answers: ${floor.others})`);
    // The least HTTP a search costs: its own answer (a 2-night stay, the middle of the searches' 1-3), replayed.
    const answer = await recordAnswer(
      new URL(searchPath(property.id, { checkIn: tomorrow, checkOut: addDays(tomorrow, 2) }), system.url).href,
    );
    const replay = await floorPhase(system, answer);
    say(
      `  ${FLOOR_CONNECTIONS} connections, replaying one search's answer (${num(answer.body.length)} bytes and its ` +
        `${Object.keys(answer.headers).length} headers): ${rate(replay)} (other answers: ${replay.others})`,
    );

    say("\nAvailability search (GET /api/v1/availability, 2 adults), demo hotel:");
    const search = new Map<number, LoadResult>();
    for (const clients of SEARCH_CLIENTS) {
      search.set(clients, await searchPhase(system, property, tomorrow, clients, `search ${clients}`));
    }

    say(`\nSQL ceilings (${CEILING_CONNECTIONS} connections, SERIALIZABLE, schema bench_ceiling, owner's connection):`);
    const ceilingRooms = await prepareCeiling(system.ownerUrl, property.id);
    say(
      `  a copy of the demo hotel: ${ceilingRooms.types} room types, ${ceilingRooms.rooms} rooms, its active reservations`,
    );
    const predicate = await phase(system, "ceiling predicate read", () =>
      runCeiling(system.ownerUrl, "predicate read", property.id, tomorrow, SECONDS),
    );
    say(ceilingLine(predicate));
    // This machine's speed drifts by tens of percent within minutes: the arbiter runs right before and right
    // after the API's bookings, and the API is compared with the mean of the two.
    const arbiterBefore = await phase(system, "ceiling arbiter", () =>
      runCeiling(system.ownerUrl, "arbiter", property.id, tomorrow, SECONDS),
    );
    say(ceilingLine(arbiterBefore));

    say(`\nBookings (POST /api/v1/bookings, ${BOOKING_CLIENTS} clients, demo hotel):`);
    const booking = await bookingPhase(system, guest, property, tomorrow, "bookings");
    // The second arbiter and every later phase start from the same free rooms as the first: the API's bookings go.
    const cancelled = await cancelBookingsBetween(system.ownerUrl, property.id, booking.startedAt, booking.endedAt);
    say(
      `  cancelled the ${cancelled} reservations of the booking phase, so that what follows starts from the same rooms`,
    );
    await waitUntilSettled(system);
    await dropCeiling(system.ownerUrl);
    await prepareCeiling(system.ownerUrl, property.id);
    const arbiterAfter = await phase(system, "ceiling arbiter", () =>
      runCeiling(system.ownerUrl, "arbiter", property.id, tomorrow, SECONDS),
    );
    say(ceilingLine(arbiterAfter).replace("arbiter:", "arbiter, again after the API's bookings:"));
    await dropCeiling(system.ownerUrl);
    const arbiter = meanCeiling(arbiterBefore, arbiterAfter);
    say(
      `  ratio API / arbiter ${ratio(booking.load.decisionsPerSecond, arbiter.decisionsPerSecond)} (target ≥ 1.0; ` +
        `the arbiter's mean, ${num(arbiter.decisionsPerSecond)}/s), ` +
        `API / predicate read ${ratio(booking.load.decisionsPerSecond, predicate.decisionsPerSecond)}`,
    );
    say(
      `  search at 64 / floor replaying its answer ${ratio(search.get(64)!.perSecond, replay.perSecond)} (target ≥ 0.5), ` +
        `/ floor with a small body ${ratio(search.get(64)!.perSecond, floor.perSecond)}; ` +
        `search p99 at 16 ${ms(search.get(16)!.p99)} (target ≤ 20 ms)`,
    );

    // Rows of the summary, in the order of the issue.
    summary.figure(
      `SQL ceiling, arbiter (${CEILING_CONNECTIONS} conn.)`,
      `${num(arbiter.decisionsPerSecond)} decisions/s (mean of ${num(arbiterBefore.decisionsPerSecond)} before and ` +
        `${num(arbiterAfter.decisionsPerSecond)} after the API), ${arbiter.retries} retries`,
    );
    summary.figure(
      `SQL ceiling, predicate read (${CEILING_CONNECTIONS} conn.)`,
      `${num(predicate.decisionsPerSecond)} decisions/s, ${predicate.retries} retries, p99 ${ms(predicate.p99)}`,
    );
    summary.figure(
      `API bookings (${BOOKING_CLIENTS} clients)`,
      `${num(booking.load.decisionsPerSecond)} decisions/s, p50 ${ms(booking.load.p50)}, p99 ${ms(booking.load.p99)}`,
    );
    const apiOverArbiter = booking.load.decisionsPerSecond / arbiter.decisionsPerSecond;
    summary.target("API bookings / arbiter ceiling", apiOverArbiter, ratio(apiOverArbiter, 1), atLeast(1.0));
    summary.figure(
      "API bookings / predicate-read ceiling",
      ratio(booking.load.decisionsPerSecond, predicate.decisionsPerSecond),
    );
    summary.target(
      "Retries per booking (API)",
      booking.retriesPerBooking,
      booking.retriesPerBooking === undefined ? booking.retriesNote : num(booking.retriesPerBooking),
      below(0.05),
    );
    summary.figure(`No-op HTTP floor, small body (${FLOOR_CONNECTIONS} conn.)`, rate(floor));
    summary.figure(`No-op HTTP floor, a search's answer (${FLOOR_CONNECTIONS} conn.)`, rate(replay));
    for (const clients of SEARCH_CLIENTS) summary.figure(`Search (${clients} clients)`, rate(search.get(clients)!));
    summary.figure("Search at 64 / small-body floor", ratio(search.get(64)!.perSecond, floor.perSecond));
    const searchOverFloor = search.get(64)!.perSecond / replay.perSecond;
    summary.target("Search at 64 / its answer's floor", searchOverFloor, ratio(searchOverFloor, 1), atLeast(0.5));
    summary.target("Search p99 at 16 clients", search.get(16)!.p99, ms(search.get(16)!.p99), atMost(20, " ms"));

    if (SCALE) {
      say(`\n--scale: growing to ${num(SCALE_RESERVATIONS)} reservations over ${SCALE_PROPERTIES} hotels`);
      const growth = await phase(system, "bulk load", () =>
        growToScale(system.ownerUrl, {
          reservations: SCALE_RESERVATIONS,
          properties: SCALE_PROPERTIES,
          demoPropertyId: property.id,
          log: say,
        }),
      );
      const settled = await phase(system, "bulk load", () => waitUntilSettled(system));
      say(
        `  loaded ${num(growth.inserted)} reservations in ${num(growth.loadSeconds)} s (VACUUM ANALYZE ${num(growth.vacuumSeconds)} s), ` +
          `${num(growth.reservations)} in all; the system settled in ${num(settled)} s; ` +
          `RSS max during the load ${num(system.memory.get("bulk load"))} MB`,
      );
      const hotels = await listProperties(system);
      const generated = hotels.find((hotel) => hotel.id === growth.propertyIds[0]);
      if (!generated) throw new Error("the generated hotel is not listed by GET /api/v1/properties");

      // The machine's speed now, by the same yardsticks as before growth: the no-op floor replaying the search's
      // answer, and (after the bookings) the arbiter ceiling. Flat means flat against them.
      const replayScaled = await floorPhase(system, answer);
      say(
        `\nAfter growth: the no-op floor replaying the same answer: ${rate(replayScaled)} ` +
          `(${ratio(replayScaled.perSecond, replay.perSecond)} × before growth: the machine's own drift)`,
      );
      say(`\nAfter growth: availability search, demo hotel and one generated hotel:`);
      const after = new Map<string, LoadResult>();
      for (const [label, hotel] of [
        ["demo hotel", property],
        ["generated hotel", generated],
      ] as const) {
        for (const clients of SEARCH_CLIENTS) {
          const result = await searchPhase(system, hotel, tomorrow, clients, `search ${clients}, ${label}, scaled`);
          after.set(`${label} ${clients}`, result);
          say(
            `    vs before growth (demo hotel): ${ratio(result.perSecond, search.get(clients)!.perSecond)} × searches/s, ` +
              `${ratio(result.p99, search.get(clients)!.p99)} × p99; against the floor then and now ` +
              `${ratio(result.perSecond / replayScaled.perSecond, search.get(clients)!.perSecond / replay.perSecond)} ×`,
          );
        }
      }
      say(`\nAfter growth: bookings (${BOOKING_CLIENTS} clients, demo hotel):`);
      const scaled = await bookingPhase(system, guest, property, tomorrow, "bookings, scaled");
      await cancelBookingsBetween(system.ownerUrl, property.id, scaled.startedAt, scaled.endedAt);
      await waitUntilSettled(system);
      await prepareCeiling(system.ownerUrl, property.id);
      const arbiterScaled = await phase(system, "ceiling arbiter", () =>
        runCeiling(system.ownerUrl, "arbiter", property.id, tomorrow, SECONDS),
      );
      await dropCeiling(system.ownerUrl);
      say(ceilingLine(arbiterScaled).replace("arbiter:", "arbiter, after growth:"));
      const rawBookingRatio = scaled.load.decisionsPerSecond / booking.load.decisionsPerSecond;
      const bookingRatio =
        scaled.load.decisionsPerSecond /
        arbiterScaled.decisionsPerSecond /
        (booking.load.decisionsPerSecond / arbiter.decisionsPerSecond);
      say(
        `    vs before growth: ${ratio(rawBookingRatio, 1)} × decisions/s, ${ratio(scaled.load.p99, booking.load.p99)} × p99; ` +
          `API / arbiter ${ratio(scaled.load.decisionsPerSecond, arbiterScaled.decisionsPerSecond)} now, ` +
          `${ratio(booking.load.decisionsPerSecond, arbiter.decisionsPerSecond)} before: ${ratio(bookingRatio, 1)} ×`,
      );

      summary.figure(`Scaled to`, `${num(growth.reservations)} reservations, ${SCALE_PROPERTIES} hotels`);
      summary.figure(
        "Machine speed after growth, × before",
        `no-op floor ${ratio(replayScaled.perSecond, replay.perSecond)}, arbiter ceiling ` +
          `${ratio(arbiterScaled.decisionsPerSecond, arbiter.decisionsPerSecond)}`,
      );
      summary.target(
        "Scaled API bookings / arbiter, × before",
        bookingRatio,
        `${num(scaled.load.decisionsPerSecond)}/s vs ${num(booking.load.decisionsPerSecond)}/s ` +
          `(${ratio(rawBookingRatio, 1)}), arbiter ${num(arbiterScaled.decisionsPerSecond)}/s vs ` +
          `${num(arbiter.decisionsPerSecond)}/s: ${ratio(bookingRatio, 1)}`,
        flat(0.2),
      );
      summary.target(
        "Scaled retries per booking",
        scaled.retriesPerBooking,
        scaled.retriesPerBooking === undefined ? scaled.retriesNote : num(scaled.retriesPerBooking),
        below(0.05),
      );
      for (const label of ["demo hotel", "generated hotel"]) {
        for (const clients of SEARCH_CLIENTS) {
          const result = after.get(`${label} ${clients}`)!;
          const before = search.get(clients)!;
          const searchRatio = result.perSecond / replayScaled.perSecond / (before.perSecond / replay.perSecond);
          summary.target(
            `Scaled search ${clients} clients / floor, ${label}, × before`,
            searchRatio,
            `${num(result.perSecond)}/s vs ${num(before.perSecond)}/s (${ratio(result.perSecond, before.perSecond)}), ` +
              `against the floor: ${ratio(searchRatio, 1)}; p99 ${ms(result.p99)} vs ${ms(before.p99)}`,
            flat(0.2),
          );
        }
      }
      const scaledP99 = after.get("demo hotel 16")!.p99;
      summary.target("Scaled search p99 at 16, demo hotel", scaledP99, ms(scaledP99), atMost(20, " ms"));
      summary.figure("RSS during the bulk load (not a measured phase)", `${num(system.memory.get("bulk load"))} MB`);
    }

    // Last, so the shapes its subscribers leave behind (kept ten minutes) weigh on no phase that is compared.
    say(
      `\nLive data, POST start to arrival at every subscriber (@electric-sql/client through /shapes/reservations)` +
        `${SCALE ? ", on the grown database" : ""}:`,
    );
    const live: LiveResult[] = [];
    for (const [index, subscribers] of LIVE_SUBSCRIBERS.entries()) {
      const name = `live ${subscribers}`;
      const result = await phase(system, name, () =>
        shapeLatency(system, property, guest, manager, subscribers, addDays(tomorrow, index * 61)),
      );
      live.push(result);
      say(
        `  ${subscribers} subscriber(s): p50 ${ms(result.p50)}, p99 ${ms(result.p99)} ` +
          `(${result.arrivals} arrivals, ${result.missing} missing, ${result.refused} bookings refused); ` +
          `RSS max ${num(system.memory.get(name))} MB`,
      );
    }

    for (const result of live) {
      summary.figure(
        `Live, ${result.subscribers} subscriber(s)`,
        `p50 ${ms(result.p50)}, p99 ${ms(result.p99)}, ${result.missing} missing`,
      );
    }
    const widest = live[live.length - 1];
    summary.target(`Live p99 at ${widest.subscribers}`, widest.p99, ms(widest.p99), atMost(250, " ms"));
    const missing = live.reduce((sum, result) => sum + result.missing, 0);
    summary.target("Live arrivals missing", missing, String(missing), none);

    const checked = await integrity(system.appUrl);
    const measured = [...system.memory].filter(([name]) => name !== "bulk load");
    const maxRss = Math.max(...measured.map(([, mb]) => mb));
    say(
      `\nMemory (VmRSS of the system process, max per phase): ${measured.map(([name, mb]) => `${name} ${num(mb)}`).join(", ")} MB`,
    );
    say(
      `After the bench: ${checked.overlaps} overlapping active reservations of one room; ${num(checked.reservations)} reservations`,
    );
    summary.target("Max RSS of the system, measured phases", maxRss, `${num(maxRss)} MB`, below(400, " MB"));
    summary.target("Overlapping active reservations", checked.overlaps, String(checked.overlaps), none);
    summary.figure("Reservations after the bench", num(checked.reservations));

    say("\nSummary (figures printed, not asserted):\n");
    summary.print();
  } catch (error) {
    const ended = system.ended();
    // Something outside the bench may stop the system (a broad pkill of "server.ts", say): say so first.
    if (ended) console.error(`bench failed: the system process ended (${ended}) while the bench ran`);
    console.error("bench failed:", error);
    process.exitCode = 1;
  } finally {
    await system.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
