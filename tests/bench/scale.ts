// `--scale`: grows the database from the demo hotel to a chain of
// BENCH_SCALE_PROPERTIES hotels (50) holding BENCH_SCALE_RESERVATIONS
// reservations in all (1,000,000), generated here and never committed:
//   - the other hotels are copies of the demo hotel (room types, rooms, rate
//     plans and rate calendar);
//   - every room gets a history of four years, cut into as many slots as
//     its share of the reservations, one stay of 1-7 nights inside each slot,
//     so no two stays of a room overlap and the exclusion constraint holds;
//   - the demo hotel's history ends where its seeded reservations begin; the
//     other hotels' ends FUTURE_DAYS from today, so it is mostly in the past
//     and future bookings still find rooms;
//   - statuses as time made them: checked out (some cancelled or no-shows)
//     in the past, checked in across today, confirmed (some cancelled) ahead.
// It is loaded with INSERT … SELECT generate_series through the owner's
// connection, one statement per hotel (the embedded shape server receives
// each as one transaction), then vacuumed and analyzed. Two triggers are off
// during the load and on again after it: the status guard (a new reservation
// must start held or confirmed, but history starts where it ended) and the
// audit trigger (a million audit events are not what is measured). Guests
// are not generated: no search or booking reads them.
import type pg from "pg";
import { waitForIdle, withDatabase, type System } from "./system";

const SPAN_DAYS = 1461;
const FUTURE_DAYS = 60;
const MAX_NIGHTS = 7;
/** Off during the bulk load only; any other trigger on reservations stays on. */
const LOAD_TRIGGERS_OFF = ["reservations_guard", "reservations_audit"];

export type Growth = {
  /** The hotels added, in order; the first is the one the bench searches. */
  propertyIds: string[];
  inserted: number;
  reservations: number;
  loadSeconds: number;
  vacuumSeconds: number;
};

/** Cancels the property's open reservations made between two instants (a phase's bookings). */
export async function cancelBookingsBetween(ownerUrl: string, propertyId: string, from: string, to: string) {
  return withDatabase(ownerUrl, async (client) => {
    const { rowCount } = await client.query(
      `UPDATE reservations SET status = 'cancelled'
        WHERE property_id = $1 AND status IN ('held', 'confirmed') AND created_at BETWEEN $2 AND $3`,
      [propertyId, from, to],
    );
    return rowCount ?? 0;
  });
}

/** The database's clock, for marking the start and end of a phase. */
export async function databaseNow(url: string): Promise<string> {
  return withDatabase(url, async (client) => {
    const { rows } = await client.query<{ now: string }>(`SELECT to_json(clock_timestamp()) #>> '{}' AS now`);
    return rows[0].now;
  });
}

export async function growToScale(
  ownerUrl: string,
  options: { reservations: number; properties: number; demoPropertyId: string; log: (line: string) => void },
): Promise<Growth> {
  return withDatabase(ownerUrl, async (client) => {
    const count = async () =>
      Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM reservations`)).rows[0].n);
    const before = await count();
    const loadStarted = performance.now();
    const propertyIds = await copyDemoHotel(client, options.demoPropertyId, options.properties - 1);
    const hotels = [options.demoPropertyId, ...propertyIds];
    const toAdd = Math.max(0, options.reservations - before);

    const { rows: off } = await client.query<{ name: string }>(
      `SELECT tgname AS name FROM pg_trigger WHERE tgrelid = 'reservations'::regclass AND tgname = ANY($1)`,
      [LOAD_TRIGGERS_OFF],
    );
    for (const { name } of off) await client.query(`ALTER TABLE reservations DISABLE TRIGGER ${name}`);
    try {
      for (const [index, propertyId] of hotels.entries()) {
        const quota = Math.floor(toAdd / hotels.length) + (index < toAdd % hotels.length ? 1 : 0);
        await loadHistory(client, {
          propertyId,
          quota,
          isDemo: propertyId === options.demoPropertyId,
          // Hex references under a prefix of their own: every hotel's are distinct from the others'.
          referenceBase: (index + 1) * 2 ** 24,
        });
        if ((index + 1) % 10 === 0) options.log(`  ${index + 1}/${hotels.length} hotels loaded`);
      }
    } finally {
      for (const { name } of off) await client.query(`ALTER TABLE reservations ENABLE TRIGGER ${name}`);
    }
    const loadSeconds = (performance.now() - loadStarted) / 1000;

    const vacuumStarted = performance.now();
    await client.query(
      `VACUUM (ANALYZE) properties, room_types, rooms, rate_plans, rate_calendar, bookings, reservations`,
    );
    const reservations = await count();
    return {
      propertyIds,
      inserted: reservations - before,
      reservations,
      loadSeconds,
      vacuumSeconds: (performance.now() - vacuumStarted) / 1000,
    };
  });
}

/** `copies` new hotels shaped like the demo hotel: the same room types, rooms, rate plans and prices. */
async function copyDemoHotel(client: pg.Client, demoId: string, copies: number): Promise<string[]> {
  if (copies <= 0) return [];
  await client.query("BEGIN");
  try {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO properties (slug, name, time_zone, currency, hold_minutes, check_in_time, check_out_time, address)
       SELECT 'bench-scale-' || lpad(n::text, 3, '0'), 'Bench scale hotel ' || n, p.time_zone, p.currency,
              p.hold_minutes, p.check_in_time, p.check_out_time, p.address
         FROM properties p CROSS JOIN generate_series(1, $2::int) AS n
        WHERE p.id = $1
        ORDER BY n
       RETURNING id`,
      [demoId, copies],
    );
    const ids = rows.map((row) => row.id);
    await client.query(
      `INSERT INTO room_types (property_id, code, name, description, capacity, base_rate, sort_order, translations)
       SELECT np.id, rt.code, rt.name, rt.description, rt.capacity, rt.base_rate, rt.sort_order, rt.translations
         FROM room_types rt CROSS JOIN unnest($2::uuid[]) AS np(id)
        WHERE rt.property_id = $1`,
      [demoId, ids],
    );
    await client.query(
      `INSERT INTO rooms (property_id, room_type_id, number, floor, accessibility, out_of_order)
       SELECT nt.property_id, nt.id, r.number, r.floor, r.accessibility, r.out_of_order
         FROM rooms r
         JOIN room_types ot ON ot.id = r.room_type_id
         JOIN room_types nt ON nt.code = ot.code AND nt.property_id = ANY($2::uuid[])
        WHERE r.property_id = $1`,
      [demoId, ids],
    );
    await client.query(
      `INSERT INTO rate_plans (property_id, code, name, refundable, cancellation, cancellation_hours, payment, is_default,
                               translations)
       SELECT np.id, rp.code, rp.name, rp.refundable, rp.cancellation, rp.cancellation_hours, rp.payment, rp.is_default,
              rp.translations
         FROM rate_plans rp CROSS JOIN unnest($2::uuid[]) AS np(id)
        WHERE rp.property_id = $1`,
      [demoId, ids],
    );
    await client.query(
      `INSERT INTO rate_calendar (rate_plan_id, room_type_id, night, price)
       SELECT np.id, nt.id, rc.night, rc.price
         FROM rate_calendar rc
         JOIN rate_plans op ON op.id = rc.rate_plan_id AND op.property_id = $1
         JOIN room_types ot ON ot.id = rc.room_type_id
         JOIN rate_plans np ON np.code = op.code AND np.property_id = ANY($2::uuid[])
         JOIN room_types nt ON nt.code = ot.code AND nt.property_id = np.property_id`,
      [demoId, ids],
    );
    await client.query("COMMIT");
    return ids;
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  }
}

/** One hotel's history: `quota` stays over its rooms in service, in one statement. */
async function loadHistory(
  client: pg.Client,
  args: { propertyId: string; quota: number; isDemo: boolean; referenceBase: number },
): Promise<void> {
  if (args.quota <= 0) return;
  const { rows } = await client.query<{ today: string; first: string; rooms: number; plan: string; currency: string }>(
    `SELECT to_char(t.today, 'YYYY-MM-DD') AS today,
            to_char(CASE WHEN $2 THEN least(t.today, (SELECT min(check_in) FROM reservations WHERE property_id = p.id))
                         ELSE t.today + $4::int END - $3::int, 'YYYY-MM-DD') AS first,
            (SELECT count(*)::int FROM rooms WHERE property_id = p.id AND NOT out_of_order) AS rooms,
            (SELECT id FROM rate_plans WHERE property_id = p.id AND is_default) AS plan,
            p.currency
       FROM properties p CROSS JOIN LATERAL (SELECT (now() AT TIME ZONE p.time_zone)::date AS today) t
      WHERE p.id = $1`,
    [args.propertyId, args.isDemo, SPAN_DAYS, FUTURE_DAYS],
  );
  const hotel = rows[0];
  if (Math.ceil(args.quota / hotel.rooms) > SPAN_DAYS) {
    throw new Error(`${args.quota} reservations do not fit in ${hotel.rooms} rooms over ${SPAN_DAYS} days`);
  }
  await client.query(
    `WITH room AS (
       SELECT r.id, r.room_type_id, rt.capacity, rt.base_rate,
              row_number() OVER (ORDER BY r.id) AS n, count(*) OVER () AS rooms
         FROM rooms r JOIN room_types rt ON rt.id = r.room_type_id
        WHERE r.property_id = $1 AND NOT r.out_of_order
     ), slot AS (
       SELECT room.id AS room_id, room.room_type_id, room.capacity, room.base_rate,
              s.i * $3::int / k.k AS lo, (s.i + 1) * $3::int / k.k AS hi
         FROM room
        CROSS JOIN LATERAL (SELECT ($2::int / room.rooms + (room.n <= $2::int % room.rooms)::int)::int AS k) AS k
        CROSS JOIN LATERAL generate_series(0, k.k - 1) AS s(i)
     ), stay AS MATERIALIZED (
       SELECT slot.*, 1 + floor(random() * least(slot.hi - slot.lo, ${MAX_NIGHTS}))::int AS nights FROM slot
     ), placed AS MATERIALIZED (
       SELECT gen_random_uuid() AS booking_id, upper(lpad(to_hex($5::bigint + row_number() OVER ()), 8, '0')) AS hex,
              s.room_id, s.room_type_id, s.capacity, s.nights, s.base_rate, c.check_in,
              (c.check_in - 1 - floor(random() * 60)::int)::timestamp AT TIME ZONE 'UTC' + interval '10 hours'
                AS created_at,
              random() AS roll, random() AS channel_roll
         FROM stay s
        CROSS JOIN LATERAL (SELECT $4::date + s.lo + floor(random() * (s.hi - s.lo - s.nights + 1))::int AS check_in) c
     ), booking AS (
       INSERT INTO bookings (id, reference, property_id, channel, currency, created_at)
       SELECT booking_id, substr(hex, 1, 4) || '-' || substr(hex, 5, 4), $1,
              CASE WHEN channel_roll < 0.55 THEN 'online' WHEN channel_roll < 0.8 THEN 'ota' ELSE 'front_desk' END,
              $6, created_at
         FROM placed
     )
     INSERT INTO reservations (booking_id, property_id, room_type_id, room_id, rate_plan_id, check_in, check_out,
                               adults, status, price, created_at, updated_at)
     SELECT booking_id, $1, room_type_id, room_id, $7, check_in, check_in + nights,
            1 + floor(random() * capacity)::int,
            (CASE WHEN check_in + nights <= $8::date
                    THEN CASE WHEN roll < 0.05 THEN 'cancelled' WHEN roll < 0.07 THEN 'no_show' ELSE 'checked_out' END
                  WHEN check_in <= $8::date THEN 'checked_in'
                  ELSE CASE WHEN roll < 0.08 THEN 'cancelled' ELSE 'confirmed' END
             END)::reservation_status,
            base_rate * nights, created_at, created_at
       FROM placed`,
    [args.propertyId, args.quota, SPAN_DAYS, hotel.first, args.referenceBase, hotel.currency, hotel.plan, hotel.today],
  );
}

/**
 * Waits until the system has digested the load: the shape server's
 * replication slot has confirmed the WAL written so far, and the system
 * process has used under a tenth of a CPU for two seconds running. Returns
 * the seconds waited.
 */
export async function waitUntilSettled(system: System, timeoutSeconds = 600): Promise<number> {
  const started = performance.now();
  const deadline = started + timeoutSeconds * 1000;
  await withDatabase(system.ownerUrl, async (client) => {
    const { rows } = await client.query<{ lsn: string }>(`SELECT pg_current_wal_lsn()::text AS lsn`);
    while (performance.now() < deadline) {
      const { rows: slots } = await client.query<{ behind: boolean }>(
        `SELECT coalesce(bool_or(confirmed_flush_lsn < $1::pg_lsn), false) AS behind
           FROM pg_replication_slots WHERE slot_type = 'logical'`,
        [rows[0].lsn],
      );
      if (!slots[0].behind) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  });
  await waitForIdle(system, 2, Math.max(1, (deadline - performance.now()) / 1000));
  return (performance.now() - started) / 1000;
}

/** Two active reservations of one room on overlapping nights, counted; and every reservation. */
export async function integrity(url: string): Promise<{ overlaps: number; reservations: number }> {
  return withDatabase(url, async (client) => {
    const { rows } = await client.query<{ overlaps: string; reservations: string }>(
      `SELECT (SELECT count(*) FROM reservations a
                 JOIN reservations b ON b.room_id = a.room_id AND b.id > a.id
                  AND daterange(b.check_in, b.check_out, '[)') && daterange(a.check_in, a.check_out, '[)')
                WHERE a.status IN ('held', 'confirmed', 'checked_in')
                  AND b.status IN ('held', 'confirmed', 'checked_in')) AS overlaps,
              (SELECT count(*) FROM reservations) AS reservations`,
    );
    return { overlaps: Number(rows[0].overlaps), reservations: Number(rows[0].reservations) };
  });
}
