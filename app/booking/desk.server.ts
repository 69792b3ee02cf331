// The front desk's commands on a walk-in's booking: hold a concrete room for
// the property's hold duration, confirm the hold with the guest's details and
// identity check before it runs out, release it early, or extend it once.
// Each is one SERIALIZABLE transaction (audited by the reservations' trigger,
// or by an event written here when only the deadline changes) that returns
// its txid. The deadline is judged by the database's clock in the same
// transaction, so a late confirm is refused even before the sweeper has run.
import { getPool, isPgError, withSerializableTx, type Actor, type Tx } from "../../db/pool.server";
import { DomainError, isDomainError } from "~/domain/errors";
import {
  currentTxid,
  findIdempotentResult,
  hold,
  lockBooking,
  type BookResult,
  type GuestDetails,
  type Idempotency,
  type WriteResult,
} from "./booking.server";
import { insertSealedGuest, sealForGuest, sealGuest } from "./guests.server";
import { freeRoomsLike } from "./allocation.server";
import { expireHolds, liveHold } from "./occupancy.server";
import { loadBooking, type BookingView } from "./reads.server";
import type { DOCUMENT_TYPES } from "./schemas";

export type IdentityCheck = { documentType: (typeof DOCUMENT_TYPES)[number]; country: string; number: string };

export type DeskHoldInput = {
  propertyId: string;
  roomTypeId?: string;
  roomId?: string;
  checkIn: string;
  checkOut: string;
  adults: number;
  children?: number;
};

export type { RoomAlternative } from "./allocation.server";

/**
 * Hold a room for a walk-in: the named room, or one the engine picks of the
 * type. A named room that is taken fails with `room_unavailable` and the
 * next free rooms of its type as `alternatives`. The booking belongs to no
 * account (the guest is not the clerk); the clerk is the audit's actor.
 */
export async function placeHold(input: DeskHoldInput, actor: Actor, idempotency?: Idempotency): Promise<BookResult> {
  const roomTypeId = await roomTypeOf(input);
  try {
    return await hold(
      { ...input, roomTypeId, accountId: null, channel: "front_desk" },
      { ...actor, channel: "front_desk" },
      idempotency,
    );
  } catch (error) {
    if (input.roomId && (isDomainError(error, "room_unavailable") || isDomainError(error, "sold_out"))) {
      throw new DomainError("room_unavailable", "That room is not free for these dates.", {
        roomId: input.roomId,
        alternatives: await freeRoomsLike({ ...input, roomId: input.roomId }),
      });
    }
    throw error;
  }
}

/** The room type a hold is for: the named room's, which must be of the given type and property. */
async function roomTypeOf(input: DeskHoldInput): Promise<string> {
  if (!input.roomId) return input.roomTypeId!;
  const { rows } = await getPool().query<{ room_type_id: string }>(
    `SELECT room_type_id FROM rooms WHERE id = $1 AND property_id = $2`,
    [input.roomId, input.propertyId],
  );
  const roomTypeId = rows[0]?.room_type_id;
  if (!roomTypeId || (input.roomTypeId && input.roomTypeId !== roomTypeId)) {
    throw new DomainError("not_found", "No such room of this type at this property.", { field: "roomId" });
  }
  return roomTypeId;
}

/**
 * Confirm a live hold with the guest's details (a sealed guest row of its
 * own) and, when given, the identity check (its number sealed under the
 * guest's key, as the identity-check endpoint stores it). After the deadline:
 * `hold_expired`.
 */
export async function confirmDeskHold(
  args: { reference: string; guest: GuestDetails; identity?: IdentityCheck; checkedBy: string },
  actor: Actor,
  idempotency?: Idempotency,
): Promise<BookResult> {
  return idempotent(actor, idempotency, async (tx) => {
    const booking = await lockBooking(tx, args.reference);
    const { rows: confirmed } = await tx.query<{ id: string }>(
      `UPDATE reservations x SET status = 'confirmed' WHERE x.booking_id = $1 AND ${liveHold("x")} RETURNING x.id`,
      [booking.id],
    );
    if (confirmed.length === 0) throw whyNotHeld(booking, "confirmed");
    const guest = sealGuest(args.guest);
    await insertSealedGuest(tx, guest, booking.accountId);
    await tx.query(`UPDATE bookings SET guest_id = $2 WHERE id = $1`, [booking.id, guest.id]);
    if (args.identity) {
      const numberEnc = sealForGuest(
        { id: guest.id, data_key_enc: guest.dataKeyEnc },
        args.identity.number.trim(),
        "document",
      );
      await tx.query(
        `INSERT INTO guest_documents (guest_id, reservation_id, document_type, issuing_country, number_enc, checked_by)
         SELECT $1, x.id, $3, $4, $5, $6 FROM unnest($2::uuid[]) AS x(id)`,
        [
          guest.id,
          confirmed.map((row) => row.id),
          args.identity.documentType,
          args.identity.country.toUpperCase(),
          numberEnc,
          args.checkedBy,
        ],
      );
    }
    return { booking: (await loadBooking(tx, { bookingId: booking.id }))!, txid: await currentTxid(tx) };
  });
}

/** End a hold now: the room is free at once. Releasing a hold that already ended changes nothing. */
export async function releaseHold(args: { reference: string }, actor: Actor, idempotency?: Idempotency) {
  return idempotent(actor, idempotency, async (tx) => {
    const booking = await lockBooking(tx, args.reference);
    // A hold past its deadline expired, whether or not the sweeper saw it yet.
    await tx.query(expireHolds(`reservations.booking_id = $1`), [booking.id]);
    const { rowCount } = await tx.query(
      `UPDATE reservations x SET status = 'cancelled' WHERE x.booking_id = $1 AND x.status = 'held'`,
      [booking.id],
    );
    const ended = booking.reservations.every((r) => r.status === "cancelled" || r.status === "expired");
    if (!rowCount && !ended && !booking.reservations.some((r) => r.status === "held")) {
      throw new DomainError("invalid_transition", `A ${booking.status} booking is not a hold: cancel it instead.`);
    }
    return { booking: (await loadBooking(tx, { bookingId: booking.id }))!, txid: await currentTxid(tx) };
  });
}

/** Give a live hold one more hold duration, once; a second time is `hold_already_extended`. */
export async function extendHold(args: { reference: string }, actor: Actor, idempotency?: Idempotency) {
  return idempotent(actor, idempotency, async (tx) => {
    const booking = await lockBooking(tx, args.reference);
    const { rows } = await tx.query<{ id: string }>(
      `WITH extended AS (
         UPDATE reservations x
            SET hold_expires_at = x.hold_expires_at + make_interval(mins => p.hold_minutes), hold_extended = true
           FROM properties p
          WHERE p.id = x.property_id AND x.booking_id = $1 AND ${liveHold("x")} AND NOT x.hold_extended
         RETURNING x.id, x.property_id, x.booking_id, x.hold_expires_at,
                   x.hold_expires_at - make_interval(mins => p.hold_minutes) AS was
       ), audit AS (
         -- The reservations' trigger audits states, rooms, dates and prices; a new deadline is audited here.
         INSERT INTO audit_events (actor, channel, action, entity_type, entity_id, property_id, booking_id, changes)
         SELECT $2, $3, 'reservation.hold_extended', 'reservation', e.id, e.property_id, e.booking_id,
                jsonb_build_object('hold_expires_at', jsonb_build_array(e.was, e.hold_expires_at))
           FROM extended e
       )
       SELECT id FROM extended`,
      [booking.id, actor.id, actor.channel],
    );
    if (rows.length === 0) {
      const { rows: live } = await tx.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM reservations x WHERE x.booking_id = $1 AND ${liveHold("x")}`,
        [booking.id],
      );
      if (live[0].n > 0) {
        throw new DomainError("hold_already_extended", "This hold was extended once already.", {
          reference: args.reference,
        });
      }
      throw whyNotHeld(booking, "extended");
    }
    return { booking: (await loadBooking(tx, { bookingId: booking.id }))!, txid: await currentTxid(tx) };
  });
}

/** Why a booking with no live hold cannot be confirmed or extended. */
function whyNotHeld(booking: BookingView, verb: string): DomainError {
  if (booking.reservations.some((r) => r.status === "held" || r.status === "expired")) {
    return new DomainError("hold_expired", "The hold ran out; the room was released.", {
      reference: booking.reference,
    });
  }
  return new DomainError("invalid_transition", `A ${booking.status} booking cannot be ${verb}.`, {
    status: booking.status,
  });
}

/**
 * Run a desk command once per Idempotency-Key: a replay returns the first
 * result (read outside the serializable snapshot, as bookings do); the first
 * result is stored, without personal data, in the command's transaction.
 */
export async function idempotent(
  actor: Actor,
  idempotency: Idempotency | undefined,
  command: (tx: Tx) => Promise<WriteResult>,
): Promise<BookResult> {
  for (let round = 1; ; round++) {
    if (idempotency) {
      const replay = await findIdempotentResult(getPool(), idempotency);
      if (replay) return { ...replay, replayed: true };
    }
    try {
      return await withSerializableTx({ actor }, async (tx) => {
        const result = await command(tx);
        if (idempotency) {
          await tx.query(
            `INSERT INTO idempotency_keys (caller, key, request_hash, status_code, response) VALUES ($1, $2, $3, 200, $4)`,
            [
              idempotency.caller,
              idempotency.key,
              idempotency.requestHash,
              JSON.stringify({ booking: { ...result.booking, guestName: null }, txid: result.txid }),
            ],
          );
        }
        return { ...result, replayed: false };
      });
    } catch (error) {
      if (idempotency && round < 3) {
        // A concurrent duplicate key: come round and replay the winner.
        if (isPgError(error, "23505")) continue;
        // Or the winner committed first and this one found the state it left (a confirmed hold is
        // no longer a hold): its stored result is the answer, not the refusal.
        const replay = await findIdempotentResult(getPool(), idempotency);
        if (replay) return { ...replay, replayed: true };
      }
      throw error;
    }
  }
}
