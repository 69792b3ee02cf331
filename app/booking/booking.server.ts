// The booking commands: book, hold and confirm, cancel, change dates, expire
// holds. Rooms are chosen in allocation.server.ts, priced by
// pricing.server.ts, and bookings read back through reads.server.ts.
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
import { insertGuest, sealGuest } from "./guests.server";
import { freeRoomsLike, lockFreeRooms, splitParty } from "./allocation.server";
import { DomainError, isDomainError } from "~/domain/errors";
import { expireHolds, inTheWayOf, liveHold, openStay, overdueHold } from "./occupancy.server";
import { stayPrice } from "./pricing.server";
import { loadBooking, type BookingView, type Channel } from "./reads.server";
import { assertValidInHouseStay, assertValidStay } from "./stay";
import { isOpen } from "./status";

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
      // A concurrent duplicate that committed first took the room this one then found taken: replay it.
      const replay = idempotency ? await findIdempotentResult(getPool(), idempotency) : undefined;
      if (replay) return { ...replay, replayed: true };
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
    // An overdue hold must never block anyone: expire those in the way now, before any sweeper.
    `WITH expired AS (${expireHolds(inTheWayOf({ roomTypeId: "$2", checkIn: "$4", checkOut: "$5" }))})
     SELECT p.time_zone, p.currency, p.hold_minutes, rt.capacity, rt.name AS room_type_name, rp.id AS rate_plan_id,
            ${stayPrice({ roomType: "rt", ratePlanId: "rp.id", checkIn: "$4", checkOut: "$5" })} AS stay_price,
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
      throw new DomainError("room_unavailable", "That room is not free for these dates.", { roomId: input.roomId });
    }
    throw new DomainError("sold_out", "No room of this type is free for these dates.", {
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
  const guest = input.guest ? sealGuest(input.guest) : undefined;
  const txid = await insertBooking(tx, {
    booking,
    propertyId: input.propertyId,
    guest: guest && {
      id: guest.id,
      account_id: booking.accountId,
      data_key: guest.dataKeyEnc,
      pii_enc: guest.piiEnc,
      email_index: guest.emailIndex,
    },
    // Keep no personal data in the replay store.
    replay: idempotency && {
      caller: idempotency.caller,
      key: idempotency.key,
      request_hash: idempotency.requestHash,
      response: { booking: { ...booking, guestName: null }, txid: "" },
    },
  });
  return { booking, txid, replayed: false };
}

type NewBooking = {
  booking: BookingView;
  propertyId: string;
  guest?: { id: string; account_id: string | null; data_key: string; pii_enc: string; email_index: string | null };
  replay?: { caller: string; key: string; request_hash: string; response: WriteResult };
};

/**
 * The booking, its reservations, the guest (with its data key) and the
 * idempotency record, in one statement: each row goes in as a JSON record
 * named field by field (a missing guest or replay record is NULL, a row of
 * NULLs to jsonb_to_record, so it is filtered out). Returns the transaction id.
 */
async function insertBooking(tx: Tx, { booking, propertyId, guest, replay }: NewBooking): Promise<string> {
  const { rows } = await tx.query<{ txid: string }>(
    `WITH guest AS (
       INSERT INTO guests (id, account_id, pii_enc, email_index)
       SELECT g.id, g.account_id, g.pii_enc, g.email_index
         FROM jsonb_to_record($3::jsonb) AS g(id uuid, account_id text, pii_enc text, email_index text)
        WHERE g.id IS NOT NULL
       RETURNING id
     ), data_key AS (
       INSERT INTO data_keys (subject, wrapped)
       SELECT 'guest:' || g.id::text, g.data_key FROM jsonb_to_record($3::jsonb) AS g(id uuid, data_key text)
        WHERE g.id IS NOT NULL
     ), booking AS (
       INSERT INTO bookings (id, reference, property_id, account_id, guest_id, channel, currency)
       SELECT b.id, b.reference, b.property_id, b.account_id, (SELECT id FROM guest), b.channel, b.currency
         FROM jsonb_to_record($1::jsonb)
           AS b(id uuid, reference text, property_id uuid, account_id text, channel text, currency text)
     ), reservation AS (
       INSERT INTO reservations (id, booking_id, property_id, room_type_id, room_id, rate_plan_id,
                                 check_in, check_out, adults, children, status, hold_expires_at, price)
       SELECT r.id, r.booking_id, r.property_id, r.room_type_id, r.room_id, r.rate_plan_id,
              r.check_in, r.check_out, r.adults, r.children, r.status, r.hold_expires_at, r.price
         FROM jsonb_to_recordset($2::jsonb)
           AS r(id uuid, booking_id uuid, property_id uuid, room_type_id uuid, room_id uuid, rate_plan_id uuid,
                check_in date, check_out date, adults int, children int, status reservation_status,
                hold_expires_at timestamptz, price bigint)
     ), replay AS (
       INSERT INTO idempotency_keys (caller, key, request_hash, status_code, response)
       SELECT i.caller, i.key, i.request_hash, 201,
              jsonb_set(i.response, '{txid}', to_jsonb(pg_current_xact_id()::xid::text))
         FROM jsonb_to_record($4::jsonb) AS i(caller text, key text, request_hash text, response jsonb)
        WHERE i.caller IS NOT NULL
     )
     SELECT pg_current_xact_id()::xid::text AS txid`,
    [
      JSON.stringify({
        id: booking.id,
        reference: booking.reference,
        property_id: propertyId,
        account_id: booking.accountId,
        channel: booking.channel,
        currency: booking.currency,
      }),
      JSON.stringify(
        booking.reservations.map((r) => ({
          id: r.id,
          booking_id: booking.id,
          property_id: propertyId,
          room_type_id: r.roomTypeId,
          room_id: r.roomId,
          rate_plan_id: r.ratePlanId,
          check_in: r.checkIn,
          check_out: r.checkOut,
          adults: r.adults,
          children: r.children,
          status: r.status,
          hold_expires_at: r.holdExpiresAt,
          price: r.price,
        })),
      ),
      guest ? JSON.stringify(guest) : null,
      replay ? JSON.stringify(replay) : null,
    ],
  );
  return rows[0].txid;
}

/** Confirm a front-desk hold before it runs out. */
export async function confirmHold(
  args: { reference: string; guest?: GuestDetails },
  actor: Actor,
): Promise<WriteResult> {
  return withSerializableTx({ actor }, async (tx) => {
    const booking = await lockBooking(tx, args.reference);
    const { rows } = await tx.query<{ id: string }>(
      `UPDATE reservations x SET status = 'confirmed'
        WHERE x.booking_id = $1 AND ${liveHold("x")}
        RETURNING x.id`,
      [booking.id],
    );
    if (rows.length === 0) {
      const statuses = booking.reservations.map((r) => r.status);
      if (statuses.every((s) => s === "confirmed")) return { booking, txid: await currentTxid(tx) };
      if (statuses.some((s) => s === "held" || s === "expired")) {
        throw new DomainError("hold_expired", "The hold ran out; the room was released.", {
          reference: args.reference,
        });
      }
      throw new DomainError("invalid_transition", `A ${booking.status} booking cannot be confirmed.`);
    }
    if (args.guest) {
      const guestId = await insertGuest(tx, args.guest, booking.accountId);
      await tx.query(`UPDATE bookings SET guest_id = $2 WHERE id = $1`, [booking.id, guestId]);
    }
    return { booking: (await loadBooking(tx, { bookingId: booking.id }))!, txid: await currentTxid(tx) };
  }).catch((error) => {
    throw translateConflict(error);
  });
}

/** Cancel every open reservation of a booking. Cancelling a cancelled booking changes nothing. */
export async function cancelBooking(args: { reference: string }, actor: Actor): Promise<WriteResult> {
  return withSerializableTx({ actor }, async (tx) => {
    const booking = await lockBooking(tx, args.reference);
    const { rowCount } = await tx.query(
      `UPDATE reservations x SET status = 'cancelled' WHERE x.booking_id = $1 AND ${openStay("x")}`,
      [booking.id],
    );
    if (!rowCount && !booking.reservations.every((r) => r.status === "cancelled")) {
      throw new DomainError("invalid_transition", `A ${booking.status} booking cannot be cancelled.`, {
        status: booking.status,
      });
    }
    return { booking: (await loadBooking(tx, { bookingId: booking.id }))!, txid: await currentTxid(tx) };
  });
}

/**
 * Move a reservation to new dates, re-checking inventory: the guest keeps
 * their room when it is free, otherwise gets another free room of the type;
 * the price is recalculated from the rate calendar. With `inHouse` (the
 * front desk), a checked-in stay may change too: only its check-out, not
 * before tomorrow, and in its own room - a room taken for the new nights is
 * `room_unavailable` with the next free rooms of its type as `alternatives`,
 * as for a move.
 */
export async function changeDates(
  args: { reference: string; reservationId?: string; checkIn: string; checkOut: string },
  actor: Actor,
  options: { inHouse?: boolean } = {},
): Promise<WriteResult> {
  const changeable = (status: string) => isOpen(status) || (options.inHouse === true && status === "checked_in");
  let inHouseRoom: string | undefined;
  try {
    return await withSerializableTx({ actor, retryOn: ["23P01"] }, async (tx) => {
      const booking = await lockBooking(tx, args.reference);
      const open = booking.reservations.filter((r) => changeable(r.status));
      const target = args.reservationId ? open.find((r) => r.id === args.reservationId) : open[0];
      if (!target || (!args.reservationId && open.length !== 1)) {
        throw new DomainError(
          open.length > 1 ? "invalid_stay" : "invalid_transition",
          open.length > 1
            ? "This booking has several rooms: say which reservation to change."
            : options.inHouse
              ? "Only a held, confirmed or checked-in reservation can change dates."
              : "Only a held or confirmed reservation can change dates.",
        );
      }
      const inHouse = target.status === "checked_in";
      const { rows: ctx } = await tx.query<{ time_zone: string; nightly_total: number; needs: string[] }>(
        // An overdue hold must never block anyone: expire those in the way now, before any sweeper.
        `WITH expired AS (${expireHolds(inTheWayOf({ roomTypeId: "$5", checkIn: "$3", checkOut: "$4" }))})
         SELECT p.time_zone,
                ${stayPrice({ roomType: "rt", ratePlanId: "x.rate_plan_id", checkIn: "$3", checkOut: "$4" })}
                  AS nightly_total,
                r.accessibility AS needs
           FROM reservations x
           JOIN properties p ON p.id = x.property_id
           JOIN room_types rt ON rt.id = x.room_type_id
           JOIN rooms r ON r.id = x.room_id
          WHERE x.id = $1 AND x.booking_id = $2`,
        [target.id, booking.id, args.checkIn, args.checkOut, target.roomTypeId],
      );
      if (inHouse) {
        assertValidInHouseStay(args, target.checkIn, ctx[0].time_zone);
        inHouseRoom = target.roomId;
      } else {
        assertValidStay(args, ctx[0].time_zone);
      }
      const [room] = await lockFreeRooms(tx, {
        roomTypeId: target.roomTypeId,
        checkIn: args.checkIn,
        checkOut: args.checkOut,
        // A guest in an accessible room keeps those features when moved.
        needs: ctx[0].needs,
        count: 1,
        ignoreReservationId: target.id,
        preferRoomId: target.roomId,
        // A guest in house stays in their room: no other room is tried.
        roomId: inHouse ? target.roomId : undefined,
      });
      if (!room && inHouse) {
        throw new DomainError("room_unavailable", "The room is taken for the new nights.", { roomId: target.roomId });
      }
      if (!room) {
        throw new DomainError("sold_out", "No room of this type is free for the new dates.", {
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
      return { booking: (await loadBooking(tx, { bookingId: booking.id }))!, txid: await currentTxid(tx) };
    });
  } catch (error) {
    const taken = isPgError(error, "23P01") || isDomainError(error, "room_unavailable");
    if (inHouseRoom && taken) {
      throw new DomainError("room_unavailable", "The room is taken for the new nights.", {
        roomId: inHouseRoom,
        alternatives: await freeRoomsLike({ roomId: inHouseRoom, checkIn: args.checkIn, checkOut: args.checkOut }),
      });
    }
    throw translateConflict(error);
  }
}

/** Expire every overdue hold (the sweeper); returns how many it expired. */
export async function expireOverdueHolds(actor: Actor): Promise<number> {
  return withSerializableTx({ actor }, async (tx) => {
    const { rowCount } = await tx.query(
      expireHolds(
        `reservations.id IN (SELECT x.id FROM reservations x
                              WHERE ${overdueHold("x")}
                              ORDER BY x.hold_expires_at LIMIT 1000
                              FOR UPDATE SKIP LOCKED)`,
      ),
    );
    return rowCount ?? 0;
  });
}

export async function lockBooking(tx: Tx, reference: string): Promise<BookingView> {
  const { rows } = await tx.query<{ id: string }>(`SELECT id FROM bookings WHERE reference = $1 FOR UPDATE`, [
    reference,
  ]);
  if (!rows[0]) throw new DomainError("not_found", "No booking with that reference.", { reference });
  await tx.query(`SELECT 1 FROM reservations WHERE booking_id = $1 FOR UPDATE`, [rows[0].id]);
  return (await loadBooking(tx, { bookingId: rows[0].id }))!;
}

export async function currentTxid(tx: Tx): Promise<string> {
  const { rows } = await tx.query<{ txid: string }>(`SELECT pg_current_xact_id()::xid::text AS txid`);
  return rows[0].txid;
}

export async function findIdempotentResult(tx: Tx | Db, idempotency: Idempotency): Promise<WriteResult | undefined> {
  const { rows } = await tx.query<{ request_hash: string; response: WriteResult }>(
    `SELECT request_hash, response FROM idempotency_keys WHERE caller = $1 AND key = $2`,
    [idempotency.caller, idempotency.key],
  );
  const row = rows[0];
  if (!row) return undefined;
  if (row.request_hash !== idempotency.requestHash) {
    throw new DomainError("idempotency_mismatch", "This Idempotency-Key was already used for a different request.", {
      key: idempotency.key,
    });
  }
  return row.response;
}

async function explainMissing(tx: Tx, input: BookInput): Promise<DomainError> {
  const { rows } = await tx.query<{ property: boolean; room_type: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM properties WHERE id = $1) AS property,
            EXISTS (SELECT 1 FROM room_types WHERE id = $2 AND property_id = $1) AS room_type`,
    [input.propertyId, input.roomTypeId],
  );
  if (!rows[0].property) return new DomainError("not_found", "No such property.", { field: "propertyId" });
  if (!rows[0].room_type) {
    return new DomainError("not_found", "No such room type at this property.", { field: "roomTypeId" });
  }
  return new DomainError("not_found", "No such rate plan at this property.", { field: "ratePlanId" });
}

/** After the retries, a room still taken under us means it is gone. */
function translateConflict(error: unknown): unknown {
  if (isPgError(error, "23P01")) {
    return new DomainError("sold_out", "The last room was just taken by another booking.");
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
