// The live copy that availability searches read (app/sync/inventory.server.ts),
// fed by real shapes from the embedded shape server: after any sequence of
// bookings, holds, cancellations, holds running out, rooms taken out of
// order and price changes, it catches up and then says exactly what the
// database says, for any stay asked about.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  readFacts,
  searchAvailability,
  searchAvailabilityJson,
  setLiveFacts,
  type AvailabilityQuery,
  type SearchFacts,
} from "~/booking/availability.server";
import { book, cancelBooking, hold } from "~/booking/booking.server";
import { addDays } from "~/booking/dates";
import { isDomainError } from "~/domain/errors";
import { Inventory, startInventory } from "~/sync/inventory.server";
import { getPool } from "../../db/pool.server";
import { startShapeServer, type ShapeServer } from "../../shape-server";
import { lsnToBigInt } from "../../shape-server/protocol";
import { bookInput, bookingOp, type BookingOp } from "../booking-ops";
import { createProperty, guestActor, type Fixture } from "../helpers";

let shapes: ShapeServer;
let inventory: Inventory;
/** What the shape server and the copy said, for a failure to show. */
const said: string[] = [];
const say = (line: string) => said.push(`${new Date().toISOString()} ${line}`);
/** A cancelled stay of a hotel of its own: touching it commits a transaction that no search reads. */
let sentinel: string;

beforeAll(async () => {
  shapes = await startShapeServer({ databaseUrl: process.env.DATABASE_OWNER_URL!, longPollMs: 250, log: say });
  // In process, as the launcher has it with the embedded shape server (the last test goes over HTTP, as to Electric).
  inventory = new Inventory(
    { url: shapes.url, follow: shapes.follow },
    addDays(new Date().toISOString().slice(0, 10), -2),
    say,
  );
  inventory.start();
  const hotel = await createProperty({ A: { rooms: 1 } });
  const { booking } = await book(hotel.stay("A", 1, 2), guestActor);
  await cancelBooking({ reference: booking.reference }, guestActor);
  sentinel = booking.reservations[0].id;
});

afterAll(async () => {
  inventory.stop();
  await shapes.close();
});

/** The same facts in a comparable order: rooms by id, prices as a sorted list, plans in their given order. */
function comparable(facts: SearchFacts | undefined) {
  if (!facts) return undefined;
  const planOrder = [...new Set(facts.prices.map((row) => row[0]))];
  return {
    property: facts.property,
    types: facts.types,
    rooms: [...facts.rooms]
      .map(([id, type, features, stays]) => [id, type, [...features].sort(), stays ? [...stays].sort() : null])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    planOrder,
    prices: facts.prices.map((row) => JSON.stringify(row)).sort(),
    restrictions: facts.restrictions.map((row) => JSON.stringify(row)).sort(),
  };
}

/**
 * Wait (at most 30 s, for a busy machine) until the live copy has every
 * change committed so far, then expect it to answer as the database does.
 * Equal answers alone do not show that: a copy two changes behind can agree
 * with the database by chance and then take in the older of the two.
 */
async function caughtUp(query: AvailabilityQuery) {
  inventory.facts(query); // the first ask starts following the property's rate calendar
  const pool = getPool();
  const { rows } = await pool.query<{ lsn: string }>("SELECT pg_current_wal_insert_lsn()::text AS lsn");
  const written = lsnToBigInt(rows[0].lsn);
  // A commit after every change so far, which the copy's upstream must see before it can say it has seen them;
  // again now and then, in case the upstream missed it (another test cuts every replication stream).
  const deadline = Date.now() + 30_000;
  let touched = 0;
  // Asking again each time: a change to the property's rate plans starts its calendar over on the next ask.
  while ((inventory.facts(query), inventory.seenLsn() < written) && Date.now() < deadline) {
    if (Date.now() - touched > 1000) {
      touched = Date.now();
      await pool.query("UPDATE reservations SET updated_at = updated_at WHERE id = $1", [sentinel]);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  expect(
    inventory.seenLsn(),
    `ready: ${inventory.ready}; last said:\n${said.slice(-8).join("\n")}`,
  ).toBeGreaterThanOrEqual(written);
  expect(comparable(inventory.facts(query)), JSON.stringify(query)).toEqual(comparable(await readFacts(query)));
}

type Op =
  | BookingOp
  | { kind: "cancel" | "expire"; pick: number }
  | { kind: "out_of_order"; room: number }
  | { kind: "price"; type: 0 | 1; night: number; price: number }
  | {
      kind: "restrict";
      type: 0 | 1;
      night: number;
      rule: (typeof RULES)[number];
      minStay: number;
      on: boolean;
      derived: boolean;
    }
  | { kind: "block"; room: number; night: number; nights: number; on: boolean }
  | { kind: "derive"; percent: number; only: "all" | 0 | 1 };

/** The rate calendar's restrictions, each set or cleared on one day by a change of that column alone. */
const RULES = ["min_stay", "closed_to_arrival", "closed_to_departure", "stop_sell"] as const;

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    arbitrary: bookingOp,
    weight: 4,
  },
  { arbitrary: fc.record({ kind: fc.constantFrom("cancel" as const, "expire" as const), pick: fc.nat() }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant("out_of_order" as const), room: fc.nat({ max: 4 }) }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant("price" as const),
      type: fc.constantFrom(0 as const, 1 as const),
      night: fc.integer({ min: 0, max: 12 }),
      price: fc.integer({ min: 1000, max: 90_000 }),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant("restrict" as const),
      type: fc.constantFrom(0 as const, 1 as const),
      night: fc.integer({ min: 0, max: 14 }),
      rule: fc.constantFrom(...RULES),
      minStay: fc.integer({ min: 1, max: 4 }),
      on: fc.boolean(),
      derived: fc.boolean(),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant("block" as const),
      room: fc.nat({ max: 4 }),
      night: fc.integer({ min: 0, max: 14 }),
      nights: fc.integer({ min: 1, max: 4 }),
      on: fc.boolean(),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant("derive" as const),
      percent: fc.integer({ min: -3000, max: 3000 }).map((hundredths) => hundredths / 100),
      only: fc.constantFrom("all" as const, 0 as const, 1 as const),
    }),
    weight: 1,
  },
);

async function run(hotel: Fixture, ops: Op[]) {
  const types = [hotel.roomTypes.A, hotel.roomTypes.B];
  const roomIds = [...types[0].roomIds, ...types[1].roomIds];
  const base = hotel.day(40);
  const references: string[] = [];
  const holds: string[] = [];
  /** The derived plan ("Flexible + percent", for all types or one), once a step made it. */
  let derived: string | undefined;
  for (const step of ops) {
    if (step.kind === "book" || step.kind === "hold") {
      try {
        const { booking } = await (step.kind === "book" ? book : hold)(bookInput(hotel, base, step), guestActor);
        references.push(booking.reference);
        if (step.kind === "hold") holds.push(booking.reference);
      } catch (error) {
        if (!isDomainError(error, "sold_out") && !isDomainError(error, "restricted")) throw error;
      }
    } else if (step.kind === "cancel") {
      if (references.length === 0) continue;
      const [reference] = references.splice(step.pick % references.length, 1);
      try {
        await cancelBooking({ reference }, guestActor);
      } catch (error) {
        // An overdue hold that a later booking expired on its way (expireHoldsInTheWay) is no longer cancellable.
        if (!isDomainError(error, "invalid_transition")) throw error;
      }
    } else if (step.kind === "expire") {
      // A hold runs out (no sweeper here): it stays 'held', overdue, and must count as free.
      if (holds.length === 0) continue;
      const [reference] = holds.splice(step.pick % holds.length, 1);
      await getPool().query(
        `UPDATE reservations SET hold_expires_at = now() - interval '1 second'
          WHERE booking_id = (SELECT id FROM bookings WHERE reference = $1) AND status = 'held'`,
        [reference],
      );
    } else if (step.kind === "out_of_order") {
      await getPool().query(`UPDATE rooms SET out_of_order = NOT out_of_order WHERE id = $1`, [roomIds[step.room]]);
    } else if (step.kind === "price") {
      await getPool().query(
        `INSERT INTO rate_calendar (rate_plan_id, room_type_id, night, price) VALUES ($1, $2, $3, $4)
         ON CONFLICT (rate_plan_id, room_type_id, night) DO UPDATE SET price = excluded.price`,
        [hotel.ratePlanId, types[step.type].id, addDays(base, step.night), step.price],
      );
    } else if (step.kind === "restrict") {
      // A day the calendar has no row for gets one with no price (the base rate) and this restriction.
      const value = step.rule === "min_stay" ? (step.on ? step.minStay : null) : step.on;
      await getPool().query(
        `INSERT INTO rate_calendar (rate_plan_id, room_type_id, night, ${step.rule}) VALUES ($1, $2, $3, $4)
         ON CONFLICT (rate_plan_id, room_type_id, night) DO UPDATE SET ${step.rule} = excluded.${step.rule}`,
        [step.derived && derived ? derived : hotel.ratePlanId, types[step.type].id, addDays(base, step.night), value],
      );
    } else if (step.kind === "block") {
      if (!step.on) {
        await getPool().query(`DELETE FROM room_blocks WHERE room_id = $1`, [roomIds[step.room]]);
        continue;
      }
      try {
        await getPool().query(
          `INSERT INTO room_blocks (property_id, room_id, starts, ends, reason) VALUES ($1, $2, $3, $4, 'test')`,
          [hotel.propertyId, roomIds[step.room], addDays(base, step.night), addDays(base, step.night + step.nights)],
        );
      } catch (error) {
        // A stay in the way (room_occupied) or a window there already (the exclusion constraint).
        if (
          !/room_occupied|room_blocks_no_overlap/.test(
            String((error as Error).message) + String((error as { constraint?: string }).constraint),
          )
        )
          throw error;
      }
    } else if (step.kind === "derive") {
      const only = step.only === "all" ? null : [types[step.only].id];
      if (derived) {
        await getPool().query(`UPDATE rate_plans SET derived_adjustment = $2, room_type_ids = $3 WHERE id = $1`, [
          derived,
          step.percent,
          only,
        ]);
      } else {
        const { rows } = await getPool().query<{ id: string }>(
          `INSERT INTO rate_plans (property_id, code, name, derived_from, derived_adjustment, room_type_ids)
           VALUES ($1, 'DERIVED', 'Derived', $2, $3, $4) RETURNING id`,
          [hotel.propertyId, hotel.ratePlanId, step.percent, only],
        );
        derived = rows[0].id;
      }
    }
  }
  return base;
}

describe("the live inventory", () => {
  it("catches up with every change and then answers as the database does", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(op, { minLength: 1, maxLength: 20 }),
        fc.array(
          fc.record({
            start: fc.integer({ min: 0, max: 12 }),
            nights: fc.integer({ min: 1, max: 5 }),
            rooms: fc.integer({ min: 1, max: 2 }),
            adults: fc.integer({ min: 1, max: 6 }),
            needs: fc.boolean(),
          }),
          { minLength: 1, maxLength: 3 },
        ),
        async (ops, queries) => {
          const hotel = await createProperty({
            A: { rooms: 3, capacity: 2, accessible: [["step_free"], [], []] },
            B: { rooms: 2, capacity: 4, accessible: [[], ["step_free", "roll_in_shower"]] },
          });
          const asked = (base: string) =>
            queries.map((q) => ({
              propertyId: hotel.propertyId,
              checkIn: addDays(base, q.start),
              checkOut: addDays(base, q.start + q.nights),
              adults: Math.max(q.adults, q.rooms),
              rooms: q.rooms,
              accessibility: q.needs ? ["step_free"] : [],
            }));
          // Answers kept from before the changes (searchAvailabilityJson) must not outlive them.
          for (const query of asked(hotel.day(40))) await caughtUp(query);
          setLiveFacts(inventory);
          try {
            for (const query of asked(hotel.day(40))) await searchAvailabilityJson(query, JSON.stringify(query));
          } finally {
            setLiveFacts(undefined);
          }
          const base = await run(hotel, ops);
          for (const query of asked(base)) {
            await caughtUp(query);
            const fromDatabase = JSON.stringify(await searchAvailability(query));
            setLiveFacts(inventory);
            try {
              expect((await searchAvailabilityJson(query, JSON.stringify(query))).text).toBe(fromDatabase);
            } finally {
              setLiveFacts(undefined);
            }
          }
        },
      ),
      // A failure is reported as it is: shrinking through 30-second waits would outlast the test's time.
      { numRuns: 30, endOnFailure: true },
    );
  }, 180_000);

  it("counts a hold that ran out as free before anything expires it", async () => {
    const hotel = await createProperty({ A: { rooms: 1 } });
    const { booking } = await hold(hotel.stay("A", 40, 42), guestActor);
    const query = { propertyId: hotel.propertyId, checkIn: hotel.day(41), checkOut: hotel.day(43), adults: 1 };
    await caughtUp(query);
    expect(inventory.facts(query)!.rooms[0][3]).toEqual([[hotel.day(40), hotel.day(42)]]);
    await getPool().query(
      `UPDATE reservations SET hold_expires_at = now() - interval '1 second'
        WHERE booking_id = (SELECT id FROM bookings WHERE reference = $1)`,
      [booking.reference],
    );
    await caughtUp(query);
    expect(inventory.facts(query)!.rooms[0][3]).toBeNull();
  });

  it("keeps a search's answer only until a hold it counted falls due or anything it read changes", async () => {
    const hotel = await createProperty({ A: { rooms: 1 } });
    const query = { propertyId: hotel.propertyId, checkIn: hotel.day(20), checkOut: hotel.day(22), adults: 1 };
    const { booking } = await hold(hotel.stay("A", 20, 21), guestActor);
    await getPool().query(
      `UPDATE reservations SET hold_expires_at = now() + interval '1500 milliseconds'
        WHERE booking_id = (SELECT id FROM bookings WHERE reference = $1)`,
      [booking.reference],
    );
    await caughtUp(query);
    const facts = inventory.facts.bind(inventory);
    let computed = 0;
    inventory.facts = (asked) => {
      computed++;
      return facts(asked);
    };
    setLiveFacts(inventory);
    try {
      const held = await searchAvailabilityJson(query, JSON.stringify(query));
      expect(JSON.parse(held.text).roomTypes[0].available).toBe(0);
      expect(await searchAvailabilityJson(query, JSON.stringify(query))).toEqual(held);
      expect(computed).toBe(1);
      // Nothing changes in the database: the clock alone frees the room.
      await new Promise((resolve) => setTimeout(resolve, 1600));
      const due = await searchAvailabilityJson(query, JSON.stringify(query));
      expect(JSON.parse(due.text).roomTypes[0].available).toBe(1);
      expect(due.etag).not.toBe(held.etag);
      // A booking elsewhere in the stay: the kept answer goes as soon as the copy has it.
      await book(hotel.stay("A", 21, 22), guestActor);
      expect(computed).toBe(2);
      await caughtUp(query);
      computed = 0;
      expect(JSON.parse((await searchAvailabilityJson(query, JSON.stringify(query))).text).roomTypes[0].available).toBe(
        0,
      );
      expect(computed).toBe(1);
    } finally {
      setLiveFacts(undefined);
      inventory.facts = facts;
    }
  });

  it("guides bookings: a type the copy believes full is checked by reading, and booked when the copy lagged", async () => {
    const hotel = await createProperty({ A: { rooms: 1 } });
    const query = { propertyId: hotel.propertyId, checkIn: hotel.day(8), checkOut: hotel.day(9), adults: 1 };
    const copy = new Inventory({ url: shapes.url }, addDays(new Date().toISOString().slice(0, 10), -2));
    copy.start();
    try {
      const first = await book(hotel.stay("A", 8, 9), guestActor);
      const deadline = Date.now() + 10_000;
      while (copy.freeRooms({ ...query, roomTypeId: hotel.roomTypes.A.id })?.length !== 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      // Frozen: the copy goes on believing the room taken, whatever happens next.
      copy.stop();
      setLiveFacts(copy);
      await cancelBooking({ reference: first.booking.reference }, guestActor);
      const again = await book(hotel.stay("A", 8, 9), guestActor);
      expect(again.booking.reservations[0].roomId).toBe(hotel.roomTypes.A.roomIds[0]);
      await expect(book(hotel.stay("A", 8, 9), guestActor)).rejects.toMatchObject({ code: "sold_out" });
    } finally {
      setLiveFacts(undefined);
      copy.stop();
    }
  });

  it("knows no property it has not seen, and stays out of the past", async () => {
    const hotel = await createProperty({ A: { rooms: 1 } });
    const stay = { checkIn: hotel.day(3), checkOut: hotel.day(4), adults: 1 };
    await caughtUp({ propertyId: hotel.propertyId, ...stay });
    expect(inventory.facts({ propertyId: "00000000-0000-4000-8000-000000000000", ...stay })).toEqual({
      property: null,
      types: [],
      rooms: [],
      prices: [],
      restrictions: [],
    });
    // Before its first day, the copy does not answer: the database does.
    expect(inventory.facts({ propertyId: hotel.propertyId, ...stay, checkIn: "2020-01-01" })).toBeUndefined();
  });

  it("once started and caught up, searches read it instead of the database, and answer the same", async () => {
    const hotel = await createProperty({ A: { rooms: 2 } });
    await book(hotel.stay("A", 5, 6), guestActor);
    const query = { propertyId: hotel.propertyId, checkIn: hotel.day(5), checkOut: hotel.day(7), adults: 1 };
    const fromDatabase = await searchAvailability(query);
    // Count the statements searches send (the real pool, only counted).
    const pool = getPool();
    const query_ = pool.query.bind(pool);
    let statements = 0;
    pool.query = ((...args: Parameters<typeof query_>) => {
      statements++;
      return query_(...args);
    }) as typeof pool.query;
    const live = startInventory({ url: shapes.url });
    try {
      const deadline = Date.now() + 10_000;
      let found;
      do {
        statements = 0;
        found = await searchAvailability(query);
      } while (statements > 0 && Date.now() < deadline && (await new Promise((r) => setTimeout(r, 20))) === undefined);
      expect(statements).toBe(0);
      expect(found).toEqual(fromDatabase);
    } finally {
      live.stop();
      pool.query = query_ as typeof pool.query;
    }
  });
});
