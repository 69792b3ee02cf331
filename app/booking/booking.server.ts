// Booking, holding, confirming, cancelling and re-dating reservations.
//
// Every write is one SERIALIZABLE transaction (withSerializableTx) that
// retries on 40001/40P01 and also on 23P01 ("that room was just taken": the
// retry sees the new reservation and picks the next free room) and 23505 (a
// duplicate reference or idempotency key). Candidate rooms are locked
// (FOR UPDATE SKIP LOCKED) before inserting, so racing bookers spread over
// the free rooms instead of colliding; the exclusion constraint in the
// schema stays the guarantee against double booking.
import { randomInt, randomUUID } from "node:crypto";
import { getPool, isPgError, withSerializableTx, type Actor, type Db, type Tx } from "../../db/pool.server";
import { insertGuest, openGuest, sealGuest, type GuestRow } from "../privacy/guests.server";
import { BookingError } from "./errors";
import { assertValidStay } from "./stay";

export type Channel = "online" | "front_desk" | "ota";
export type ReservationStatus =
  "held" | "confirmed" | "checked_in" | "checked_out" | "cancelled" | "no_show" | "expired";

export type GuestDetails = { fullName: string; email?: string | null; phone?: string | null };

export type BookInput = {
  propertyId: string;
  roomTypeId: string;
  ratePlanId?: string;
  checkIn: string;
  checkOut: string;
  adults: number;
  children?: number;
  /** How many rooms of the type; all or nothing. */
  rooms?: number;
  accessibility?: string[];
  /** A concrete room (the front desk picks one); otherwise the engine allocates. */
  roomId?: string;
  accountId?: string | null;
  guest?: GuestDetails;
  channel: Channel;
};

export type Idempotency = { caller: string; key: string; requestHash: string };

export type ReservationView = {
  id: string;
  roomTypeId: string;
  roomTypeName: string;
  roomId: string;
  roomNumber: string;
  ratePlanId: string;
  checkIn: string;
  checkOut: string;
  adults: number;
  children: number;
  status: ReservationStatus;
  holdExpiresAt: string | null;
  /** Total for the stay, integer minor units of `currency`. */
  price: number;
  currency: string;
};

export type BookingView = {
  id: string;
  reference: string;
  propertyId: string;
  accountId: string | null;
  channel: Channel;
  status: ReservationStatus;
  currency: string;
  totalPrice: number;
  createdAt: string;
  guestName: string | null;
  reservations: ReservationView[];
};

export type WriteResult = { booking: BookingView; txid: string };
export type BookResult = WriteResult & { replayed: boolean };

/** Book (confirmed at once) or hold (front desk) rooms of one type for one stay. */
export async function book(input: BookInput, actor: Actor, idempotency?: Idempotency): Promise<BookResult> {
  return createReservations(input, actor, "confirmed", idempotency);
}

/** A time-bound hold on a room: confirm it before `holdExpiresAt` or it expires and the room is free. */
export async function hold(input: BookInput, actor: Actor, idempotency?: Idempotency): Promise<BookResult> {
  return createReservations(input, actor, "held", idempotency);
}

async function createReservations(
  input: BookInput,
  actor: Actor,
  status: "confirmed" | "held",
  idempotency?: Idempotency,
): Promise<BookResult> {
  // The replay check reads outside the serializable transaction: every
  // booking of one caller reading the same index pages would otherwise look
  // like a conflict to every other. A concurrent duplicate loses on the
  // primary key (23505) when it commits, and comes round to replay.
  for (let round = 1; ; round++) {
    if (idempotency) {
      const replay = await findIdempotentResult(getPool(), idempotency);
      if (replay) return { ...replay, replayed: true };
    }
    try {
      return await withSerializableTx({ actor, retryOn: ["23P01"] }, (tx) =>
        insertReservations(tx, input, status, idempotency),
      );
    } catch (error) {
      // A duplicate idempotency key (or, once in 10^12, a duplicate reference).
      if (isPgError(error, "23505") && round < 3) continue;
      throw translateConflict(error);
    }
  }
}

async function insertReservations(
  tx: Tx,
  input: BookInput,
  status: "confirmed" | "held",
  idempotency: Idempotency | undefined,
): Promise<BookResult> {
  const roomsWanted = input.rooms ?? 1;
  const children = input.children ?? 0;
  const needs = [...new Set(input.accessibility ?? [])].sort();
  const { rows: ctx } = await tx.query<{
    time_zone: string;
    currency: string;
    hold_minutes: number;
    capacity: number;
    room_type_name: string;
    rate_plan_id: string;
    stay_price: number;
    now: string;
  }>(
    `WITH expired AS (
       -- An overdue hold must never block anyone: expire those in the way now, before any sweeper.
       UPDATE reservations SET status = 'expired'
        WHERE status = 'held' AND room_type_id = $2 AND hold_expires_at <= now()
          AND check_out > $4::date AND check_in < $5::date
     )
     SELECT p.time_zone, p.currency, p.hold_minutes, rt.capacity, rt.name AS room_type_name, rp.id AS rate_plan_id,
            (SELECT coalesce(sum(coalesce(rc.price, rt.base_rate)), 0)
               FROM generate_series($4::date, $5::date - 1, interval '1 day') AS n(night)
               LEFT JOIN rate_calendar rc
                 ON rc.rate_plan_id = rp.id AND rc.room_type_id = rt.id AND rc.night = n.night::date
            )::bigint AS stay_price,
            to_json(now()) #>> '{}' AS now
       FROM properties p
       JOIN room_types rt ON rt.property_id = p.id AND rt.id = $2
       JOIN rate_plans rp ON rp.property_id = p.id AND (rp.id = $3 OR ($3::uuid IS NULL AND rp.is_default))
      WHERE p.id = $1`,
    [input.propertyId, input.roomTypeId, input.ratePlanId ?? null, input.checkIn, input.checkOut],
  );
  const context = ctx[0];
  if (!context) throw await explainMissing(tx, input);
  assertValidStay(input, context.time_zone);
  const perRoom = splitParty(input.adults, children, roomsWanted, context.capacity);

  const rooms = await lockFreeRooms(tx, {
    roomTypeId: input.roomTypeId,
    checkIn: input.checkIn,
    checkOut: input.checkOut,
    needs,
    count: roomsWanted,
    roomId: input.roomId,
  });
  if (rooms.length < roomsWanted) {
    if (input.roomId) {
      throw new BookingError("room_unavailable", "That room is not free for these dates.", { roomId: input.roomId });
    }
    throw new BookingError("sold_out", "No room of this type is free for these dates.", {
      roomTypeId: input.roomTypeId,
      available: rooms.length,
    });
  }

  // Everything the answer holds is known now, so the booking, its
  // reservations, the guest and the idempotency record go in one statement.
  const holdExpiresAt =
    status === "held" ? new Date(Date.parse(context.now) + context.hold_minutes * 60_000).toISOString() : null;
  const booking: BookingView = {
    id: randomUUID(),
    reference: newReference(),
    propertyId: input.propertyId,
    accountId: input.accountId ?? null,
    channel: input.channel,
    status,
    currency: context.currency,
    totalPrice: context.stay_price * roomsWanted,
    createdAt: context.now,
    guestName: input.guest?.fullName ?? null,
    reservations: rooms.map((room, i) => ({
      id: randomUUID(),
      roomTypeId: input.roomTypeId,
      roomTypeName: context.room_type_name,
      roomId: room.id,
      roomNumber: room.number,
      ratePlanId: context.rate_plan_id,
      checkIn: input.checkIn,
      checkOut: input.checkOut,
      adults: perRoom[i].adults,
      children: perRoom[i].children,
      status,
      holdExpiresAt,
      price: context.stay_price,
      currency: context.currency,
    })),
  };
  const stored = { booking: { ...booking, guestName: null }, txid: "" };
  const guest = input.guest ? sealGuest(input.guest) : undefined;
  const { rows } = await tx.query<{ txid: string }>(
    `WITH guest AS (
       INSERT INTO guests (id, account_id, pii_enc, email_index)
       SELECT $5::uuid, $4, $7, $25 WHERE $5::uuid IS NOT NULL
       RETURNING id
     ), data_key AS (
       INSERT INTO data_keys (subject, wrapped) SELECT 'guest:' || $5::uuid::text, $6 WHERE $5::uuid IS NOT NULL
     ), booking AS (
       INSERT INTO bookings (id, reference, property_id, account_id, guest_id, channel, currency)
       VALUES ($1, $2, $3, $4, (SELECT id FROM guest), $8, $9)
     ), reservation AS (
       INSERT INTO reservations (id, booking_id, property_id, room_type_id, room_id, rate_plan_id,
                                 check_in, check_out, adults, children, status, hold_expires_at, price)
       SELECT r.id, $1, $3, $10, r.room_id, $11, $12, $13, r.adults, r.children, $14::reservation_status, $15, $16
         FROM unnest($17::uuid[], $18::uuid[], $19::int[], $20::int[]) AS r(id, room_id, adults, children)
     ), replay AS (
       -- Keep no personal data in the replay store.
       INSERT INTO idempotency_keys (caller, key, request_hash, status_code, response)
       SELECT $21, $22, $23, 201, jsonb_set($24::jsonb, '{txid}', to_jsonb(pg_current_xact_id()::xid::text))
        WHERE $21::text IS NOT NULL
     )
     SELECT pg_current_xact_id()::xid::text AS txid`,
    [
      booking.id,
      booking.reference,
      input.propertyId,
      booking.accountId,
      guest?.id ?? null,
      guest?.dataKeyEnc ?? null,
      guest?.piiEnc ?? null,
      input.channel,
      context.currency,
      input.roomTypeId,
      context.rate_plan_id,
      input.checkIn,
      input.checkOut,
      status,
      holdExpiresAt,
      context.stay_price,
      booking.reservations.map((r) => r.id),
      booking.reservations.map((r) => r.roomId),
      booking.reservations.map((r) => r.adults),
      booking.reservations.map((r) => r.children),
      idempotency?.caller ?? null,
      idempotency?.key ?? null,
      idempotency?.requestHash ?? null,
      JSON.stringify(stored),
      guest?.emailIndex ?? null,
    ],
  );
  return { booking, txid: rows[0].txid, replayed: false };
}

/** Spread a party over the rooms as evenly as possible; each room within its capacity. */
function splitParty(adults: number, children: number, rooms: number, capacity: number) {
  if (adults < rooms) {
    throw new BookingError("party_too_large", "Each room needs at least one adult.", { field: "adults" });
  }
  if (adults + children > capacity * rooms) {
    throw new BookingError(
      "party_too_large",
      `This room type sleeps at most ${capacity} per room; ask for more rooms or another type.`,
      { field: "adults", capacity },
    );
  }
  const split = Array.from({ length: rooms }, (_, i) => ({
    adults: Math.floor(adults / rooms) + (i < adults % rooms ? 1 : 0),
    children: 0,
  }));
  for (let child = 0; child < children; child++) {
    const room = split.reduce((best, r) => (r.adults + r.children < best.adults + best.children ? r : best));
    room.children++;
  }
  return split;
}

/** An overdue hold must never block anyone: expire those in the way now, before any sweeper. */
async function expireHoldsInTheWay(tx: Tx, stay: { roomTypeId: string; checkIn: string; checkOut: string }) {
  await tx.query(
    `UPDATE reservations SET status = 'expired'
      WHERE status = 'held' AND room_type_id = $1 AND hold_expires_at <= now()
        AND check_out > $2::date AND check_in < $3::date`,
    [stay.roomTypeId, stay.checkIn, stay.checkOut],
  );
}

type LockFreeRooms = {
  roomTypeId: string;
  checkIn: string;
  checkOut: string;
  needs: string[];
  count: number;
  roomId?: string;
  /** A reservation being moved does not block itself. */
  ignoreReservationId?: string;
  /** Try this room first (keep a guest in their room when dates change). */
  preferRoomId?: string;
};

/**
 * Locks up to `count` free rooms of a type. Rooms without accessibility
 * features come first, so accessible rooms go to guests who need them unless
 * nothing else is free (28 CFR 36.302(e)). SKIP LOCKED lets racing bookers
 * take different rooms; rooms locked by someone else are waited for only when
 * the free ones run out, so a booker never reports "sold out" while a room
 * is merely locked by a transaction that may still roll back.
 */
async function lockFreeRooms(tx: Tx, args: LockFreeRooms): Promise<{ id: string; number: string }[]> {
  // Candidates are ranked first (rooms never change under a booking, so
  // reading them costs no conflicts), then probed one by one in that order
  // until enough are free: each probe reads only that room's index entries,
  // which keeps this transaction's predicate locks small. Among equal rooms
  // the rank is a hash of room and arrival day, so bookers for different
  // dates start at different rooms instead of all probing the first one.
  const sql = (skipLocked: boolean) =>
    `WITH candidate AS MATERIALIZED (
       SELECT r.id, r.number FROM rooms r
        WHERE r.room_type_id = $1 AND NOT r.out_of_order AND r.accessibility @> $4::text[]
          AND ($6::uuid IS NULL OR r.id = $6) AND NOT (r.id = ANY($8::uuid[]))
        ORDER BY (r.id = $9::uuid) DESC NULLS LAST, cardinality(r.accessibility),
                 hashtext(r.id::text || $2::text)
     )
     SELECT r.id, r.number FROM candidate c JOIN rooms r ON r.id = c.id
      WHERE NOT EXISTS (
          SELECT 1 FROM reservations x
           WHERE x.room_id = c.id AND x.check_out > $2::date AND x.check_in < $3::date
             AND x.status IN ('held', 'confirmed', 'checked_in')
             AND ($7::uuid IS NULL OR x.id <> $7))
      LIMIT $5
      FOR UPDATE OF r${skipLocked ? " SKIP LOCKED" : ""}`;
  const params = (count: number, taken: string[]) => [
    args.roomTypeId,
    args.checkIn,
    args.checkOut,
    args.needs,
    count,
    args.roomId ?? null,
    args.ignoreReservationId ?? null,
    taken,
    args.preferRoomId ?? null,
  ];
  const first = await tx.query<{ id: string; number: string }>(sql(true), params(args.count, []));
  if (first.rows.length >= args.count) return first.rows;
  const rest = await tx.query<{ id: string; number: string }>(
    sql(false),
    params(
      args.count - first.rows.length,
      first.rows.map((room) => room.id),
    ),
  );
  return [...first.rows, ...rest.rows];
}

/** Confirm a front-desk hold before it runs out. */
export async function confirmHold(
  args: { reference: string; guest?: GuestDetails },
  actor: Actor,
): Promise<WriteResult> {
  return withSerializableTx({ actor }, async (tx) => {
    const booking = await lockBooking(tx, args.reference);
    const { rows } = await tx.query<{ id: string }>(
      `UPDATE reservations SET status = 'confirmed'
        WHERE booking_id = $1 AND status = 'held' AND hold_expires_at > now()
        RETURNING id`,
      [booking.id],
    );
    if (rows.length === 0) {
      const statuses = booking.reservations.map((r) => r.status);
      if (statuses.every((s) => s === "confirmed")) return { booking, txid: await txid(tx) };
      if (statuses.some((s) => s === "held" || s === "expired")) {
        throw new BookingError("hold_expired", "The hold ran out; the room was released.", {
          reference: args.reference,
        });
      }
      throw new BookingError("invalid_transition", `A ${booking.status} booking cannot be confirmed.`);
    }
    if (args.guest) {
      const guestId = await insertGuest(tx, args.guest, booking.accountId);
      await tx.query(`UPDATE bookings SET guest_id = $2 WHERE id = $1`, [booking.id, guestId]);
    }
    return { booking: (await loadBooking(tx, { bookingId: booking.id }))!, txid: await txid(tx) };
  }).catch((error) => {
    throw translateConflict(error);
  });
}

/** Cancel every open reservation of a booking. Cancelling a cancelled booking changes nothing. */
export async function cancelBooking(args: { reference: string }, actor: Actor): Promise<WriteResult> {
  return withSerializableTx({ actor }, async (tx) => {
    const booking = await lockBooking(tx, args.reference);
    const { rowCount } = await tx.query(
      `UPDATE reservations SET status = 'cancelled' WHERE booking_id = $1 AND status IN ('held', 'confirmed')`,
      [booking.id],
    );
    if (!rowCount && !booking.reservations.every((r) => r.status === "cancelled")) {
      throw new BookingError("invalid_transition", `A ${booking.status} booking cannot be cancelled.`, {
        status: booking.status,
      });
    }
    return { booking: (await loadBooking(tx, { bookingId: booking.id }))!, txid: await txid(tx) };
  });
}

/**
 * Move a reservation to new dates, re-checking inventory: the guest keeps
 * their room when it is free, otherwise gets another free room of the type;
 * the price is recalculated from the rate calendar.
 */
export async function changeDates(
  args: { reference: string; reservationId?: string; checkIn: string; checkOut: string },
  actor: Actor,
): Promise<WriteResult> {
  try {
    return await withSerializableTx({ actor, retryOn: ["23P01"] }, async (tx) => {
      const booking = await lockBooking(tx, args.reference);
      const open = booking.reservations.filter((r) => r.status === "held" || r.status === "confirmed");
      const target = args.reservationId ? open.find((r) => r.id === args.reservationId) : open[0];
      if (!target || (!args.reservationId && open.length !== 1)) {
        throw new BookingError(
          open.length > 1 ? "invalid_stay" : "invalid_transition",
          open.length > 1
            ? "This booking has several rooms: say which reservation to change."
            : "Only a held or confirmed reservation can change dates.",
        );
      }
      const { rows: ctx } = await tx.query<{ time_zone: string; nightly_total: number; needs: string[] }>(
        `SELECT p.time_zone,
                (SELECT coalesce(sum(coalesce(rc.price, rt.base_rate)), 0)
                   FROM generate_series($3::date, $4::date - 1, interval '1 day') AS n(night)
                   LEFT JOIN rate_calendar rc
                     ON rc.rate_plan_id = x.rate_plan_id AND rc.room_type_id = rt.id AND rc.night = n.night::date
                )::bigint AS nightly_total,
                r.accessibility AS needs
           FROM reservations x
           JOIN properties p ON p.id = x.property_id
           JOIN room_types rt ON rt.id = x.room_type_id
           JOIN rooms r ON r.id = x.room_id
          WHERE x.id = $1 AND x.booking_id = $2`,
        [target.id, booking.id, args.checkIn, args.checkOut],
      );
      assertValidStay(args, ctx[0].time_zone);
      await expireHoldsInTheWay(tx, { roomTypeId: target.roomTypeId, checkIn: args.checkIn, checkOut: args.checkOut });
      const [room] = await lockFreeRooms(tx, {
        roomTypeId: target.roomTypeId,
        checkIn: args.checkIn,
        checkOut: args.checkOut,
        // A guest in an accessible room keeps those features when moved.
        needs: ctx[0].needs,
        count: 1,
        ignoreReservationId: target.id,
        preferRoomId: target.roomId,
      });
      if (!room) {
        throw new BookingError("sold_out", "No room of this type is free for the new dates.", {
          roomTypeId: target.roomTypeId,
        });
      }
      await tx.query(`UPDATE reservations SET room_id = $2, check_in = $3, check_out = $4, price = $5 WHERE id = $1`, [
        target.id,
        room.id,
        args.checkIn,
        args.checkOut,
        ctx[0].nightly_total,
      ]);
      return { booking: (await loadBooking(tx, { bookingId: booking.id }))!, txid: await txid(tx) };
    });
  } catch (error) {
    throw translateConflict(error);
  }
}

/** Expire every overdue hold (the sweeper); returns how many it expired. */
export async function expireOverdueHolds(actor: Actor): Promise<number> {
  return withSerializableTx({ actor }, async (tx) => {
    const { rowCount } = await tx.query(
      `UPDATE reservations SET status = 'expired'
        WHERE id IN (SELECT id FROM reservations
                      WHERE status = 'held' AND hold_expires_at <= now()
                      ORDER BY hold_expires_at LIMIT 1000
                      FOR UPDATE SKIP LOCKED)`,
    );
    return rowCount ?? 0;
  });
}

export async function getBooking(reference: string): Promise<BookingView | undefined> {
  return loadBooking(getPool(), { reference });
}

async function lockBooking(tx: Tx, reference: string): Promise<BookingView> {
  const { rows } = await tx.query<{ id: string }>(`SELECT id FROM bookings WHERE reference = $1 FOR UPDATE`, [
    reference,
  ]);
  if (!rows[0]) throw new BookingError("not_found", "No booking with that reference.", { reference });
  await tx.query(`SELECT 1 FROM reservations WHERE booking_id = $1 FOR UPDATE`, [rows[0].id]);
  return (await loadBooking(tx, { bookingId: rows[0].id }))!;
}

const STATUS_PRECEDENCE: ReservationStatus[] = [
  "checked_in",
  "confirmed",
  "held",
  "checked_out",
  "no_show",
  "cancelled",
  "expired",
];

/** A booking's status: its reservations' common status, else the most active one. */
export function bookingStatus(statuses: ReservationStatus[]): ReservationStatus {
  return STATUS_PRECEDENCE.find((status) => statuses.includes(status)) ?? "cancelled";
}

type BookingKey = { bookingId: string } | { reference: string } | { accountId: string };

async function loadBooking(tx: Tx | Db, by: BookingKey): Promise<BookingView | undefined> {
  return (await loadBookings(tx, by))[0];
}

/** A signed-in guest's bookings, newest stay first. */
export async function listAccountBookings(accountId: string): Promise<BookingView[]> {
  return loadBookings(getPool(), { accountId });
}

async function loadBookings(tx: Tx | Db, by: BookingKey): Promise<BookingView[]> {
  const where = "bookingId" in by ? "b.id = $1" : "reference" in by ? "b.reference = $1" : "b.account_id = $1";
  const value = "bookingId" in by ? by.bookingId : "reference" in by ? by.reference : by.accountId;
  const { rows } = await tx.query<
    Omit<BookingView, "status" | "totalPrice" | "guestName"> & { guest: GuestRow | null }
  >(
    `SELECT b.id, b.reference, b.property_id AS "propertyId", b.account_id AS "accountId", b.channel,
            b.currency, to_json(b.created_at) #>> '{}' AS "createdAt",
            CASE WHEN g.id IS NULL THEN NULL
                 ELSE json_build_object('id', g.id, 'data_key_enc', k.wrapped, 'pii_enc', g.pii_enc) END AS guest,
            coalesce(json_agg(json_build_object(
              'id', x.id, 'roomTypeId', x.room_type_id, 'roomTypeName', rt.name, 'roomId', x.room_id,
              'roomNumber', r.number, 'ratePlanId', x.rate_plan_id, 'checkIn', x.check_in,
              'checkOut', x.check_out, 'adults', x.adults, 'children', x.children, 'status', x.status,
              'holdExpiresAt', x.hold_expires_at, 'price', x.price, 'currency', b.currency)
              ORDER BY r.number) FILTER (WHERE x.id IS NOT NULL), '[]') AS reservations
       FROM bookings b
       LEFT JOIN guests g ON g.id = b.guest_id
       LEFT JOIN data_keys k ON k.subject = 'guest:' || g.id
       LEFT JOIN reservations x ON x.booking_id = b.id
       LEFT JOIN rooms r ON r.id = x.room_id
       LEFT JOIN room_types rt ON rt.id = x.room_type_id
      WHERE ${where}
      GROUP BY b.id, g.id, k.subject
      ORDER BY min(x.check_in) DESC NULLS LAST, b.created_at DESC`,
    [value],
  );
  return rows.map(({ guest, ...row }) => ({
    ...row,
    // An erased guest stays on the booking, without a name.
    guestName: guest ? (openGuest(guest)?.fullName ?? null) : null,
    status: bookingStatus(row.reservations.map((r) => r.status)),
    totalPrice: row.reservations
      .filter((r) => r.status !== "cancelled" && r.status !== "expired")
      .reduce((sum, r) => sum + Number(r.price), 0),
  }));
}

async function txid(tx: Tx): Promise<string> {
  const { rows } = await tx.query<{ txid: string }>(`SELECT pg_current_xact_id()::xid::text AS txid`);
  return rows[0].txid;
}

async function findIdempotentResult(tx: Tx | Db, idempotency: Idempotency): Promise<WriteResult | undefined> {
  const { rows } = await tx.query<{ request_hash: string; response: WriteResult }>(
    `SELECT request_hash, response FROM idempotency_keys WHERE caller = $1 AND key = $2`,
    [idempotency.caller, idempotency.key],
  );
  const row = rows[0];
  if (!row) return undefined;
  if (row.request_hash !== idempotency.requestHash) {
    throw new BookingError("idempotency_mismatch", "This Idempotency-Key was already used for a different request.", {
      key: idempotency.key,
    });
  }
  return row.response;
}

async function explainMissing(tx: Tx, input: BookInput): Promise<BookingError> {
  const { rows } = await tx.query<{ property: boolean; room_type: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM properties WHERE id = $1) AS property,
            EXISTS (SELECT 1 FROM room_types WHERE id = $2 AND property_id = $1) AS room_type`,
    [input.propertyId, input.roomTypeId],
  );
  if (!rows[0].property) return new BookingError("not_found", "No such property.", { field: "propertyId" });
  if (!rows[0].room_type) {
    return new BookingError("not_found", "No such room type at this property.", { field: "roomTypeId" });
  }
  return new BookingError("not_found", "No such rate plan at this property.", { field: "ratePlanId" });
}

/** After the retries, a room still taken under us means it is gone. */
function translateConflict(error: unknown): unknown {
  if (isPgError(error, "23P01")) {
    return new BookingError("sold_out", "The last room was just taken by another booking.");
  }
  return error;
}

// No 0/O or 1/I: references are read out over the phone.
const REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

export function newReference(): string {
  let out = "";
  for (let i = 0; i < 8; i++) {
    if (i === 4) out += "-";
    out += REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)];
  }
  return out;
}
