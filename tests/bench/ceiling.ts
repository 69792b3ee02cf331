// The two SQL ceilings of issue 18: booking decisions made straight in SQL
// on the bench's own PostgreSQL, 32 connections, SERIALIZABLE, random stays
// over 500 days, with no HTTP, no app code and no bookkeeping around the
// decision (no sign-in, audit trail, idempotency record or price lookup).
//
//   arbiter         the exclusion constraint decides: the type's rooms are
//                   tried in a per-stay order, each under a savepoint - lock
//                   the room row (SKIP LOCKED) and insert in one statement;
//                   23P01 rolls back to the savepoint and the next room is
//                   tried. Rooms found locked are tried again at the end,
//                   waiting for them, so "sold out" is never said while a
//                   room is merely locked. No reservation is read.
//   predicate read  the design before issue 18: find a free room first with
//                   NOT EXISTS over reservations (locking it, SKIP LOCKED),
//                   then insert; 40001/40P01/23P01 retry the transaction.
//
// Both run in a schema of their own (bench_ceiling) with the shape of the
// app's tables - the same exclusion constraint, partial btree index and
// foreign keys - holding a copy of the demo hotel's room types, rooms and
// active reservations, so they start where the API's booking phase starts.
// The arbiter's retries are not zero on this schema: the foreign key from
// reservations to bookings is checked by reading the bookings primary key
// under SERIALIZABLE, which takes a predicate lock on its index page, while
// the other bookers insert into that page (without the key: no retries,
// measured on this machine kind). The app's tables have the same key.
// Statements are sent one at a time from this process, as an application
// would; each line reports how many round trips a decision took.
import pg from "pg";
import { percentile } from "./report";
import { pick, randomStay } from "./stays";
import { withDatabase } from "./system";

export const CEILING_CONNECTIONS = 32;
const SCHEMA = "bench_ceiling";
const ACTIVE = "('held', 'confirmed', 'checked_in')";
/** As many attempts as the app's transaction helper allows before it gives up. */
const MAX_ATTEMPTS = 30;

export type CeilingKind = "arbiter" | "predicate read";

export type CeilingResult = {
  kind: CeilingKind;
  seconds: number;
  decisionsPerSecond: number;
  confirmed: number;
  soldOut: number;
  /** Transactions run again after 40001/40P01 (and, for the predicate read, 23P01). */
  retries: number;
  /** The same retries by SQLSTATE, e.g. "40001 × 12". */
  retryCodes: string;
  /** Decisions given up after MAX_ATTEMPTS. */
  gaveUp: number;
  roundTripsPerDecision: number;
  p50: number;
  p99: number;
};

/** The ceiling's schema, made afresh, with the property's room types and rooms. */
export async function prepareCeiling(ownerUrl: string, propertyId: string): Promise<{ types: number; rooms: number }> {
  return withDatabase(ownerUrl, async (client) => {
    await client.query(`
        DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE;
        CREATE SCHEMA ${SCHEMA};
        CREATE TYPE ${SCHEMA}.reservation_status AS ENUM (
          'held', 'confirmed', 'checked_in', 'checked_out', 'cancelled', 'no_show', 'expired');
        CREATE TABLE ${SCHEMA}.room_types (id uuid PRIMARY KEY, code text NOT NULL);
        CREATE TABLE ${SCHEMA}.rooms (
          id            uuid PRIMARY KEY,
          room_type_id  uuid NOT NULL REFERENCES ${SCHEMA}.room_types (id),
          number        text NOT NULL,
          accessibility text[] NOT NULL DEFAULT '{}',
          out_of_order  boolean NOT NULL DEFAULT false,
          UNIQUE (id, room_type_id)
        );
        CREATE INDEX ON ${SCHEMA}.rooms (room_type_id);
        CREATE TABLE ${SCHEMA}.bookings (
          id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
          reference  text NOT NULL UNIQUE,
          created_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE TABLE ${SCHEMA}.reservations (
          id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
          booking_id      uuid NOT NULL REFERENCES ${SCHEMA}.bookings (id),
          property_id     uuid NOT NULL,
          room_type_id    uuid NOT NULL,
          room_id         uuid NOT NULL,
          check_in        date NOT NULL,
          check_out       date NOT NULL,
          stay            daterange GENERATED ALWAYS AS (daterange(check_in, check_out, '[)')) STORED,
          adults          integer NOT NULL,
          status          ${SCHEMA}.reservation_status NOT NULL,
          hold_expires_at timestamptz,
          price           bigint NOT NULL,
          created_at      timestamptz NOT NULL DEFAULT now(),
          CHECK (check_out > check_in),
          FOREIGN KEY (room_id, room_type_id) REFERENCES ${SCHEMA}.rooms (id, room_type_id),
          CONSTRAINT no_double_booking EXCLUDE USING gist (room_id WITH =, stay WITH &&) WHERE (status IN ${ACTIVE})
        );
        CREATE INDEX ON ${SCHEMA}.reservations (booking_id);
        CREATE INDEX ON ${SCHEMA}.reservations (property_id, check_in);
        CREATE INDEX ON ${SCHEMA}.reservations (room_id, check_out) INCLUDE (check_in, id) WHERE status IN ${ACTIVE};
        CREATE INDEX ON ${SCHEMA}.reservations (room_type_id, hold_expires_at) WHERE status = 'held';
      `);
    const types = await client.query(
      `INSERT INTO ${SCHEMA}.room_types (id, code) SELECT id, code FROM public.room_types WHERE property_id = $1`,
      [propertyId],
    );
    const rooms = await client.query(
      `INSERT INTO ${SCHEMA}.rooms (id, room_type_id, number, accessibility, out_of_order)
         SELECT id, room_type_id, number, accessibility, out_of_order FROM public.rooms WHERE property_id = $1`,
      [propertyId],
    );
    return { types: types.rowCount ?? 0, rooms: rooms.rowCount ?? 0 };
  });
}

/** Back to the property's active reservations as they are now in the app's tables. */
async function resetReservations(ownerUrl: string, propertyId: string): Promise<void> {
  return withDatabase(ownerUrl, async (client) => {
    await client.query(`TRUNCATE ${SCHEMA}.reservations, ${SCHEMA}.bookings`);
    await client.query(
      `INSERT INTO ${SCHEMA}.bookings (id, reference, created_at)
         SELECT b.id, b.reference, b.created_at FROM public.bookings b
          WHERE EXISTS (SELECT 1 FROM public.reservations x
                         WHERE x.booking_id = b.id AND x.property_id = $1 AND x.status IN ${ACTIVE})`,
      [propertyId],
    );
    await client.query(
      `INSERT INTO ${SCHEMA}.reservations (id, booking_id, property_id, room_type_id, room_id, check_in, check_out,
                                             adults, status, hold_expires_at, price, created_at)
         SELECT x.id, x.booking_id, x.property_id, x.room_type_id, x.room_id, x.check_in, x.check_out, x.adults,
                x.status::text::${SCHEMA}.reservation_status, x.hold_expires_at, x.price, x.created_at
           FROM public.reservations x
          WHERE x.property_id = $1 AND x.status IN ${ACTIVE}`,
      [propertyId],
    );
    await client.query(`ANALYZE ${SCHEMA}.rooms, ${SCHEMA}.bookings, ${SCHEMA}.reservations`);
  });
}

export async function dropCeiling(ownerUrl: string): Promise<void> {
  await withDatabase(ownerUrl, (client) => client.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`));
}

type Room = { id: string; room_type_id: string; accessible: number };

/** FNV-1a: a cheap, stable hash for the per-stay room order. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Rooms without accessibility features first, then in an order that depends on the arrival day. */
function perStayOrder(rooms: Room[], checkIn: string): Room[] {
  return rooms
    .map((room) => ({ room, key: hash(room.id + checkIn) }))
    .sort((a, b) => a.room.accessible - b.room.accessible || a.key - b.key)
    .map(({ room }) => room);
}

function reference(): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  let out = "";
  for (let i = 0; i < 8; i++) out += (i === 4 ? "-" : "") + alphabet[Math.floor(Math.random() * alphabet.length)];
  return out;
}

const code = (error: unknown) => (error as { code?: string }).code;

/** The app's jittered back-off before attempt `attempt + 1` (db/pool.server.ts). */
const backoff = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.min(200, 2 ** attempt) * (0.5 + Math.random())));

/** Lock the room and insert its booking and reservation, in one statement; false when the room was locked. */
const LOCK_AND_INSERT = (skipLocked: boolean) =>
  `WITH room AS (
     SELECT id, room_type_id FROM ${SCHEMA}.rooms WHERE id = $1 FOR UPDATE${skipLocked ? " SKIP LOCKED" : ""}
   ), booking AS (
     INSERT INTO ${SCHEMA}.bookings (reference) SELECT $4 FROM room RETURNING id
   )
   INSERT INTO ${SCHEMA}.reservations (booking_id, property_id, room_type_id, room_id, check_in, check_out,
                                       adults, status, price)
   SELECT booking.id, $5, room.room_type_id, room.id, $2::date, $3::date, 1, 'confirmed', 10000 FROM booking, room`;

/** The booking and its reservation in a room already locked. */
const INSERT = `WITH booking AS (INSERT INTO ${SCHEMA}.bookings (reference) VALUES ($4) RETURNING id)
   INSERT INTO ${SCHEMA}.reservations (booking_id, property_id, room_type_id, room_id, check_in, check_out,
                                       adults, status, price)
   SELECT booking.id, $5, r.room_type_id, r.id, $2::date, $3::date, 1, 'confirmed', 10000
     FROM booking, ${SCHEMA}.rooms r WHERE r.id = $1`;

/** Today's design: the first free room of the type by NOT EXISTS over reservations, locked. */
const FIND_FREE_ROOM = (skipLocked: boolean) =>
  `WITH candidate AS MATERIALIZED (
     SELECT r.id FROM ${SCHEMA}.rooms r
      WHERE r.room_type_id = $1 AND NOT r.out_of_order
      ORDER BY cardinality(r.accessibility), hashtext(r.id::text || $2::text)
   )
   SELECT r.id FROM candidate c JOIN ${SCHEMA}.rooms r ON r.id = c.id
    WHERE NOT EXISTS (SELECT 1 FROM ${SCHEMA}.reservations x
                       WHERE x.room_id = c.id AND x.check_out > $2::date AND x.check_in < $3::date
                         AND x.status IN ${ACTIVE})
    LIMIT 1
    FOR UPDATE OF r${skipLocked ? " SKIP LOCKED" : ""}`;

/** One ceiling: CEILING_CONNECTIONS workers booking random stays for `seconds`. */
export async function runCeiling(
  ownerUrl: string,
  kind: CeilingKind,
  propertyId: string,
  firstDay: string,
  seconds: number,
): Promise<CeilingResult> {
  await resetReservations(ownerUrl, propertyId);
  const pool = new pg.Pool({ connectionString: ownerUrl, max: CEILING_CONNECTIONS });
  pool.on("error", () => {});
  const { rows } = await pool.query<Room>(
    `SELECT id, room_type_id, cardinality(accessibility) AS accessible FROM ${SCHEMA}.rooms WHERE NOT out_of_order`,
  );
  const roomsByType = new Map<string, Room[]>();
  for (const room of rows) roomsByType.set(room.room_type_id, [...(roomsByType.get(room.room_type_id) ?? []), room]);
  const types = [...roomsByType.keys()];

  let confirmed = 0;
  let soldOut = 0;
  let retries = 0;
  const retryCodes = new Map<string, number>();
  let gaveUp = 0;
  let roundTrips = 0;
  const latencies: number[] = [];

  /** The arbiter's decision, in the open transaction: true when a room was booked. */
  const arbiter = async (client: pg.PoolClient, typeId: string, stay: { checkIn: string; checkOut: string }) => {
    const query = (text: string, values?: unknown[]) => {
      roundTrips++;
      return client.query(text, values);
    };
    const locked: Room[] = [];
    const attempt = async (room: Room, skipLocked: boolean): Promise<"booked" | "locked" | "taken"> => {
      try {
        const result = await query(LOCK_AND_INSERT(skipLocked), [
          room.id,
          stay.checkIn,
          stay.checkOut,
          reference(),
          propertyId,
        ]);
        return result.rowCount ? "booked" : "locked";
      } catch (error) {
        if (code(error) !== "23P01") throw error;
        await query("ROLLBACK TO SAVEPOINT room");
        return "taken";
      }
    };
    for (const room of perStayOrder(roomsByType.get(typeId)!, stay.checkIn)) {
      const outcome = await attempt(room, true);
      if (outcome === "booked") return true;
      if (outcome === "locked") locked.push(room);
    }
    for (const room of locked) if ((await attempt(room, false)) === "booked") return true;
    return false;
  };

  /** Today's design, in the open transaction: find a free room (SKIP LOCKED, then waiting), insert. */
  const predicateRead = async (client: pg.PoolClient, typeId: string, stay: { checkIn: string; checkOut: string }) => {
    const query = (text: string, values?: unknown[]) => {
      roundTrips++;
      return client.query<{ id: string }>(text, values);
    };
    let found = await query(FIND_FREE_ROOM(true), [typeId, stay.checkIn, stay.checkOut]);
    if (found.rows.length === 0) found = await query(FIND_FREE_ROOM(false), [typeId, stay.checkIn, stay.checkOut]);
    if (found.rows.length === 0) return false;
    await query(INSERT, [found.rows[0].id, stay.checkIn, stay.checkOut, reference(), propertyId]);
    return true;
  };

  // The predicate read retries the whole transaction on 23P01, as the app before issue 18 did.
  const retryable = new Set(kind === "arbiter" ? ["40001", "40P01", "23505"] : ["40001", "40P01", "23505", "23P01"]);
  const deadline = Date.now() + seconds * 1000;
  const worker = async () => {
    const client = await pool.connect();
    // A connection ended under the bench fails its next query rather than crashing the process.
    client.on("error", () => {});
    try {
      while (Date.now() < deadline) {
        const typeId = pick(types);
        const stay = randomStay(firstDay);
        const started = performance.now();
        for (let attempt = 1; ; attempt++) {
          try {
            roundTrips++;
            await client.query(
              `BEGIN ISOLATION LEVEL SERIALIZABLE; SET LOCAL enable_seqscan = off${kind === "arbiter" ? "; SAVEPOINT room" : ""}`,
            );
            const booked =
              kind === "arbiter" ? await arbiter(client, typeId, stay) : await predicateRead(client, typeId, stay);
            roundTrips++;
            await client.query("COMMIT");
            if (booked) confirmed++;
            else soldOut++;
            latencies.push(performance.now() - started);
            break;
          } catch (error) {
            roundTrips++;
            await client.query("ROLLBACK");
            if (!retryable.has(code(error) ?? "")) throw error;
            if (attempt >= MAX_ATTEMPTS) {
              gaveUp++;
              break;
            }
            retries++;
            retryCodes.set(code(error)!, (retryCodes.get(code(error)!) ?? 0) + 1);
            await backoff(attempt);
          }
        }
      }
    } finally {
      client.release();
    }
  };
  const started = performance.now();
  try {
    await Promise.all(Array.from({ length: CEILING_CONNECTIONS }, worker));
  } finally {
    await pool.end();
  }
  const elapsed = (performance.now() - started) / 1000;
  const decisions = confirmed + soldOut;
  return {
    kind,
    seconds: elapsed,
    decisionsPerSecond: decisions / elapsed,
    confirmed,
    soldOut,
    retries,
    retryCodes: [...retryCodes].map(([sqlstate, n]) => `${sqlstate} × ${n}`).join(", ") || "none",
    gaveUp,
    roundTripsPerDecision: roundTrips / Math.max(1, decisions),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}
