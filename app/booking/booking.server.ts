// The booking commands: book, hold and confirm, cancel, change dates, expire
// holds. Bookings are priced by pricing.server.ts and read back through
// reads.server.ts.
//
// A new booking or hold is one statement, its own SERIALIZABLE transaction
// (hotel_book, migration 015, decision record 020): it reads no reservation;
// the type's rooms are tried in a per-stay order and the exclusion
// constraint decides which can be had. The other commands are one
// SERIALIZABLE transaction each (withSerializableTx) that retries on
// 40001/40P01 and on 23P01 ("that room was just taken": the retry sees the
// new reservation and picks the next free room); their rooms are chosen in
// allocation.server.ts. The constraint in the schema stays the guarantee
// against double booking.
import { randomInt, randomUUID } from "node:crypto";
import {
  actorParams,
  decideSerializable,
  getPool,
  isPgError,
  withSerializableTx,
  type Actor,
  type Db,
  type Tx,
} from "../../db/pool.server";
import { insertGuest, sealGuest } from "./guests.server";
import { freeRoomsLike, lockFreeRooms, splitParty, type PartySplit } from "./allocation.server";
import { DomainError, isDomainError, type DomainErrorCode } from "~/domain/errors";
import { likelyFreeRooms } from "./availability.server";
import { MAX_DAYS_AHEAD } from "./dates";
import { expireHolds, inTheWayOf, liveHold, openStay, overdueHold } from "./occupancy.server";
import { stayPrice } from "./pricing.server";
import { loadBooking, type BookingView, type Channel } from "./reads.server";
import { assertStayShape, assertValidInHouseStay, assertValidStay } from "./stay";
import type { Restriction } from "./restrictions";
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
  // What needs no database is refused before any: the dates' shape and the party.
  assertStayShape(input);
  const split = splitParty(input.adults, input.children ?? 0, input.rooms ?? 1);
  for (let round = 1; ; round++) {
    const skeleton = newSkeleton(input, status, split);
    try {
      const outcome = await decideBooking(input, skeleton, actor, idempotency);
      return { ...assembleBooking(skeleton, outcome, input.guest?.fullName ?? null), replayed: false };
    } catch (error) {
      // Once in 10^12, a duplicate reference: draw another.
      if (isPgError(error, "23505") && error.constraint === "bookings_reference_key" && round < 3) continue;
      // A duplicate of a request that succeeded (this key's record is there, or a racing twin
      // committed it first and took the room this one wanted): answer what it answered.
      const after = await afterFailure(input, idempotency);
      if (after.replay) return { ...after.replay, replayed: true };
      const refusal = refusalOf(error);
      // An overdue hold must never block anyone: expire those in the way, then decide again.
      if (refusal && TAKEN.has(refusal.code) && round < 3 && after.holdsDue && (await expireHoldsInTheWay(input)) > 0) {
        continue;
      }
      throw refusal ?? error;
    }
  }
}

const TAKEN = new Set(["sold_out", "room_unavailable"]);

/** What the booking is before the database decides its rooms: ids, reference, party split. */
type Skeleton = {
  id: string;
  reference: string;
  propertyId: string;
  accountId: string | null;
  channel: Channel;
  status: "confirmed" | "held";
  roomTypeId: string;
  checkIn: string;
  checkOut: string;
  reservations: { id: string; adults: number; children: number }[];
};

/** What the database decided (hotel_book, migration 015). */
type Outcome = {
  txid: string;
  now: string;
  currency: string;
  roomTypeName: string;
  ratePlanId: string;
  /** One room's stay. */
  price: number;
  holdExpiresAt: string | null;
  rooms: { id: string; number: string }[];
};

function newSkeleton(input: BookInput, status: "confirmed" | "held", split: PartySplit): Skeleton {
  return {
    id: randomUUID(),
    reference: newReference(),
    propertyId: input.propertyId,
    accountId: input.accountId ?? null,
    channel: input.channel,
    status,
    roomTypeId: input.roomTypeId,
    checkIn: input.checkIn,
    checkOut: input.checkOut,
    reservations: split.map((room) => ({ id: randomUUID(), ...room })),
  };
}

/** The booking as answered, from what was asked and what the database decided; replays build it the same way. */
function assembleBooking(skeleton: Skeleton, outcome: Outcome, guestName: string | null): WriteResult {
  const holdExpiresAt = outcome.holdExpiresAt && new Date(outcome.holdExpiresAt).toISOString();
  return {
    txid: outcome.txid,
    booking: {
      id: skeleton.id,
      reference: skeleton.reference,
      propertyId: skeleton.propertyId,
      accountId: skeleton.accountId,
      channel: skeleton.channel,
      status: skeleton.status,
      currency: outcome.currency,
      totalPrice: outcome.price * skeleton.reservations.length,
      createdAt: outcome.now,
      guestName,
      reservations: skeleton.reservations.map((reservation, i) => ({
        id: reservation.id,
        roomTypeId: skeleton.roomTypeId,
        roomTypeName: outcome.roomTypeName,
        roomId: outcome.rooms[i].id,
        roomNumber: outcome.rooms[i].number,
        ratePlanId: outcome.ratePlanId,
        checkIn: skeleton.checkIn,
        checkOut: skeleton.checkOut,
        adults: reservation.adults,
        children: reservation.children,
        status: skeleton.status,
        holdExpiresAt,
        price: outcome.price,
        currency: outcome.currency,
      })),
    },
  };
}

/**
 * The whole booking in one statement, its own SERIALIZABLE transaction
 * (hotel_book, migration 015): no reservation is read; the exclusion
 * constraint decides which of the type's rooms can be had.
 */
async function decideBooking(
  input: BookInput,
  skeleton: Skeleton,
  actor: Actor,
  idempotency: Idempotency | undefined,
): Promise<Outcome> {
  const guest = input.guest ? sealGuest(input.guest) : undefined;
  const hint = input.roomId ? undefined : likelyFreeRooms(input);
  const request = {
    property_id: input.propertyId,
    room_type_id: input.roomTypeId,
    rate_plan_id: input.ratePlanId ?? null,
    check_in: input.checkIn,
    check_out: input.checkOut,
    status: skeleton.status,
    needs: [...new Set(input.accessibility ?? [])].sort(),
    room_id: input.roomId ?? null,
    // Rooms the live inventory believes free are tried first: fewer refusals on the way to a free one;
    // when it believes too few are, the statement checks by reading and refuses at once.
    prefer: hint ?? [],
    likely_full: hint !== undefined && hint.length < skeleton.reservations.length,
    max_days_ahead: MAX_DAYS_AHEAD,
    party: input.adults + (input.children ?? 0),
    split: skeleton.reservations.map(({ adults, children }) => ({ adults, children })),
    reservation_ids: skeleton.reservations.map((reservation) => reservation.id),
    booking: {
      id: skeleton.id,
      reference: skeleton.reference,
      account_id: skeleton.accountId,
      channel: skeleton.channel,
    },
    guest: guest && {
      id: guest.id,
      account_id: skeleton.accountId,
      data_key: guest.dataKeyEnc,
      pii_enc: guest.piiEnc,
      email_index: guest.emailIndex,
    },
    // Keep no personal data in the replay store.
    replay: idempotency && {
      caller: idempotency.caller,
      key: idempotency.key,
      request_hash: idempotency.requestHash,
      skeleton,
    },
  };
  const { rows } = await decideSerializable<{ outcome: Outcome }>(
    "booking",
    `SELECT hotel_book($1::jsonb, $2, $3, $4) AS outcome`,
    [JSON.stringify(request), ...actorParams(actor)],
  );
  return rows[0].outcome;
}

const REFUSAL_MESSAGES: Record<string, (details: Record<string, unknown>) => string> = {
  not_found: (details) =>
    details.field === "propertyId"
      ? "No such property."
      : details.field === "roomTypeId"
        ? "No such room type at this property."
        : "No such rate plan at this property.",
  invalid_stay: (details) =>
    details.reason === "past"
      ? "Check-in cannot be in the past."
      : `Check-in can be at most ${MAX_DAYS_AHEAD} days ahead.`,
  party_too_large: (details) =>
    `This room type sleeps at most ${String(details.capacity)} per room; ask for more rooms or another type.`,
  room_unavailable: () => "That room is not free for these dates.",
  sold_out: () => "No room of this type is free for these dates.",
  restricted: (details) => {
    const { rule, date, minStay } = details.restriction as Restriction;
    return rule === "min_stay"
      ? `Stays arriving on ${date} must be at least ${minStay} nights.`
      : rule === "closed_to_arrival"
        ? `No arrivals on ${date} under this rate.`
        : rule === "closed_to_departure"
          ? `No departures on ${date} under this rate.`
          : `This rate is not sold for the night of ${date}.`;
  },
};

/** hotel_book's refusal (P0001, 'hotel:<code>', JSON detail) as the domain error it stands for. */
function refusalOf(error: unknown): DomainError | undefined {
  if (!isPgError(error, "P0001") || !error.message.startsWith("hotel:")) return undefined;
  const code = error.message.slice("hotel:".length);
  const message = REFUSAL_MESSAGES[code];
  if (!message) return undefined;
  const parsed = JSON.parse(error.detail ?? "{}") as Record<string, unknown>;
  if (code === "restricted") return restrictionRefusal(parsed as Restriction);
  const { reason: _reason, ...details } = parsed;
  return new DomainError(code as DomainErrorCode, message(details), details);
}

/** A stay the rate calendar refuses: about the arrival, or for closed to departure the departure. */
function restrictionRefusal(restriction: Restriction): DomainError {
  const details = { field: restriction.rule === "closed_to_departure" ? "checkOut" : "checkIn", restriction };
  return new DomainError("restricted", REFUSAL_MESSAGES.restricted(details), details);
}

type IdempotencyRow = { request_hash: string; response: WriteResult | { skeleton: Skeleton; outcome: Outcome } };

/**
 * After a booking statement failed, in one round trip: the answer to this
 * idempotency key if a twin request committed it meanwhile, and whether any
 * overdue hold is in the stay's way (only then is expiring worth a transaction).
 */
async function afterFailure(
  input: BookInput,
  idempotency: Idempotency | undefined,
): Promise<{ replay: WriteResult | undefined; holdsDue: boolean }> {
  const { rows } = await getPool().query<{ replay: IdempotencyRow | null; holds_due: boolean }>(
    `SELECT (SELECT json_build_object('request_hash', request_hash, 'response', response)
               FROM idempotency_keys WHERE caller = $4 AND key = $5) AS replay,
            EXISTS (SELECT 1 FROM reservations
                     WHERE ${overdueHold("reservations")}
                       AND ${inTheWayOf({ roomTypeId: "$1", checkIn: "$2", checkOut: "$3" })}) AS holds_due`,
    [input.roomTypeId, input.checkIn, input.checkOut, idempotency?.caller ?? null, idempotency?.key ?? null],
  );
  const { replay, holds_due } = rows[0];
  return { replay: replay && idempotency ? idempotentResultOf(replay, idempotency) : undefined, holdsDue: holds_due };
}

/**
 * Expire the overdue holds of a room type overlapping a stay, outside the
 * booking's transaction (a hold the sweeper has not reached yet must not make
 * a stay look sold out). Returns how many it expired.
 */
async function expireHoldsInTheWay(input: BookInput): Promise<number> {
  return withSerializableTx({ actor: SWEEPER }, async (tx) => {
    const { rowCount } = await tx.query(expireHolds(inTheWayOf({ roomTypeId: "$1", checkIn: "$2", checkOut: "$3" })), [
      input.roomTypeId,
      input.checkIn,
      input.checkOut,
    ]);
    return rowCount ?? 0;
  });
}

/** Who expires holds that ran out: the sweeper, and a booking refused by one. */
export const SWEEPER: Actor = { id: "system:hold-sweeper", channel: "system" };

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
      const { rows: ctx } = await tx.query<{
        time_zone: string;
        nightly_total: number;
        needs: string[];
        restriction: Restriction | null;
      }>(
        // An overdue hold must never block anyone: expire those in the way now, before any sweeper.
        `WITH expired AS (${expireHolds(inTheWayOf({ roomTypeId: "$5", checkIn: "$3", checkOut: "$4" }))})
         SELECT p.time_zone,
                ${stayPrice({ roomType: "rt", ratePlanId: "x.rate_plan_id", checkIn: "$3", checkOut: "$4" })}
                  AS nightly_total,
                r.accessibility AS needs,
                -- The rate calendar's rules bind what guests change online, as what they book (ADR 028).
                CASE WHEN $6 THEN hotel_stay_restriction(x.room_type_id, x.rate_plan_id, $3::date, $4::date) END
                  AS restriction
           FROM reservations x
           JOIN properties p ON p.id = x.property_id
           JOIN room_types rt ON rt.id = x.room_type_id
           JOIN rooms r ON r.id = x.room_id
          WHERE x.id = $1 AND x.booking_id = $2`,
        [target.id, booking.id, args.checkIn, args.checkOut, target.roomTypeId, actor.channel !== "front_desk"],
      );
      if (inHouse) {
        assertValidInHouseStay(args, target.checkIn, ctx[0].time_zone);
        inHouseRoom = target.roomId;
      } else {
        assertValidStay(args, ctx[0].time_zone);
      }
      if (ctx[0].restriction) throw restrictionRefusal(ctx[0].restriction);
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
  const { rows } = await tx.query<IdempotencyRow>(
    `SELECT request_hash, response FROM idempotency_keys WHERE caller = $1 AND key = $2`,
    [idempotency.caller, idempotency.key],
  );
  return rows[0] ? idempotentResultOf(rows[0], idempotency) : undefined;
}

/** A kept answer, given again only to the same request under the same key. */
function idempotentResultOf(row: IdempotencyRow, idempotency: Idempotency): WriteResult {
  if (row.request_hash !== idempotency.requestHash) {
    throw new DomainError("idempotency_mismatch", "This Idempotency-Key was already used for a different request.", {
      key: idempotency.key,
    });
  }
  // A booking keeps what was asked and what was decided (hotel_book); other writes their whole answer.
  if ("skeleton" in row.response) return assembleBooking(row.response.skeleton, row.response.outcome, null);
  return row.response;
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
