// A stay at the front desk: check-in, check-out, a move to another room, a
// no-show, and a room's housekeeping state. Each is one SERIALIZABLE
// transaction returning its txid; the reservations' trigger audits the
// reservation's change, and a room's housekeeping change gets its own event.
// The rules (arrival day in the property's time zone, a clean or inspected
// room, an identity check on record) are checked here in the transaction;
// the exclusion constraint alone decides whether a move's room is free.
import { getPool, isPgError, withSerializableTx, type Actor, type Tx } from "../../db/pool.server";
import { DomainError } from "~/domain/errors";
import { currentTxid, type Idempotency } from "./booking.server";
import { freeRoomsLike } from "./allocation.server";
import { idempotent } from "./desk.server";
import { todayIn } from "./dates";
import { expireHolds, overdueHold } from "./occupancy.server";
import { loadBooking } from "./reads.server";
import type { HousekeepingState, ReservationStatus } from "./status";

type StayRow = {
  id: string;
  booking_id: string;
  property_id: string;
  room_id: string;
  status: ReservationStatus;
  check_in: string;
  check_out: string;
  party: number;
  overdue: boolean;
  time_zone: string;
  housekeeping_status: HousekeepingState;
  out_of_order: boolean;
  identity_checked: boolean;
};

/** The reservation, locked, with what the desk's rules ask of it. */
async function lockStay(tx: Tx, reservationId: string): Promise<StayRow> {
  const { rows } = await tx.query<StayRow>(
    `SELECT x.id, x.booking_id, x.property_id, x.room_id, x.status, x.check_in, x.check_out,
            x.adults + x.children AS party, (${overdueHold("x")}) AS overdue,
            p.time_zone, r.housekeeping_status, r.out_of_order,
            EXISTS (SELECT 1 FROM bookings b JOIN guest_documents d ON d.guest_id = b.guest_id
                     WHERE b.id = x.booking_id) AS identity_checked
       FROM reservations x
       JOIN properties p ON p.id = x.property_id
       JOIN rooms r ON r.id = x.room_id
      WHERE x.id = $1
        FOR UPDATE OF x`,
    [reservationId],
  );
  if (!rows[0]) throw new DomainError("not_found", "No such reservation.", { reservationId });
  return rows[0];
}

async function result(tx: Tx, stay: StayRow) {
  return { booking: (await loadBooking(tx, { bookingId: stay.booking_id }))!, txid: await currentTxid(tx) };
}

async function setStatus(tx: Tx, stay: StayRow, status: ReservationStatus) {
  await tx.query(`UPDATE reservations SET status = $2 WHERE id = $1`, [stay.id, status]);
}

/** Check a guest in: on or after the arrival day, the room clean or inspected, their identity checked. */
export async function checkIn(args: { reservationId: string }, actor: Actor, idempotency?: Idempotency) {
  return idempotent(actor, idempotency, async (tx) => {
    const stay = await lockStay(tx, args.reservationId);
    if (stay.status === "checked_in") return result(tx, stay);
    if (stay.status !== "confirmed") {
      throw new DomainError("invalid_transition", `A ${stay.status} reservation cannot be checked in.`);
    }
    const today = todayIn(stay.time_zone);
    if (today < stay.check_in) {
      throw new DomainError("check_in_too_early", "Check-in opens on the arrival day.", { checkIn: stay.check_in });
    }
    if (today >= stay.check_out) {
      throw new DomainError("invalid_transition", "This stay has ended: it cannot be checked in.");
    }
    if (stay.out_of_order || (stay.housekeeping_status !== "clean" && stay.housekeeping_status !== "inspected")) {
      throw new DomainError("room_not_ready", "The room is not clean or inspected yet.", { roomId: stay.room_id });
    }
    if (!stay.identity_checked) {
      throw new DomainError("identity_missing", "Record the guest's identity check before check-in.");
    }
    await setStatus(tx, stay, "checked_in");
    return result(tx, stay);
  });
}

/** Check a guest out: the stay ends and the room becomes dirty. */
export async function checkOut(args: { reservationId: string }, actor: Actor, idempotency?: Idempotency) {
  return idempotent(actor, idempotency, async (tx) => {
    const stay = await lockStay(tx, args.reservationId);
    if (stay.status === "checked_out") return result(tx, stay);
    if (stay.status !== "checked_in") {
      throw new DomainError("invalid_transition", `A ${stay.status} reservation cannot be checked out.`);
    }
    await setStatus(tx, stay, "checked_out");
    await setHousekeepingIn(tx, actor, stay.room_id, "dirty");
    return result(tx, stay);
  });
}

/** A confirmed guest who never came: only once their arrival day is over. */
export async function markNoShow(args: { reservationId: string }, actor: Actor, idempotency?: Idempotency) {
  return idempotent(actor, idempotency, async (tx) => {
    const stay = await lockStay(tx, args.reservationId);
    if (stay.status === "no_show") return result(tx, stay);
    if (stay.status !== "confirmed") {
      throw new DomainError("invalid_transition", `A ${stay.status} reservation cannot be a no-show.`);
    }
    if (todayIn(stay.time_zone) <= stay.check_in) {
      throw new DomainError("no_show_too_early", "A guest is a no-show only after their arrival day.", {
        checkIn: stay.check_in,
      });
    }
    await setStatus(tx, stay, "no_show");
    return result(tx, stay);
  });
}

/**
 * Move a stay (before or during it) to another room of the property, of any
 * type that sleeps the party; the price stays. The exclusion constraint
 * decides: a room taken for any of the nights is `room_unavailable`, with the
 * next free rooms of that room's type as `alternatives`.
 */
export async function moveRoom(
  args: { reservationId: string; roomId: string },
  actor: Actor,
  idempotency?: Idempotency,
) {
  let stayDates: { checkIn: string; checkOut: string } | undefined;
  try {
    return await idempotent(actor, idempotency, async (tx) => {
      const stay = await lockStay(tx, args.reservationId);
      stayDates = { checkIn: stay.check_in, checkOut: stay.check_out };
      if (stay.overdue) throw new DomainError("hold_expired", "The hold ran out; the room was released.");
      if (!["held", "confirmed", "checked_in"].includes(stay.status)) {
        throw new DomainError("invalid_transition", `A ${stay.status} reservation cannot move.`);
      }
      if (stay.room_id === args.roomId) return result(tx, stay);
      const { rows } = await tx.query<{ room_type_id: string; out_of_order: boolean; capacity: number }>(
        `SELECT r.room_type_id, r.out_of_order, rt.capacity
           FROM rooms r JOIN room_types rt ON rt.id = r.room_type_id
          WHERE r.id = $1 AND r.property_id = $2
            FOR UPDATE OF r`,
        [args.roomId, stay.property_id],
      );
      const room = rows[0];
      if (!room) throw new DomainError("not_found", "No such room at this property.", { field: "roomId" });
      if (room.capacity < stay.party) {
        throw new DomainError("party_too_large", "That room does not sleep this party.", {
          field: "roomId",
          capacity: room.capacity,
        });
      }
      if (room.out_of_order) throw new DomainError("room_unavailable", "That room is out of order.");
      // An overdue hold on the new room must not block the move.
      await tx.query(
        expireHolds(
          `reservations.room_id = $1 AND reservations.check_out > $2::date AND reservations.check_in < $3::date`,
        ),
        [args.roomId, stay.check_in, stay.check_out],
      );
      await tx.query(`UPDATE reservations SET room_id = $2, room_type_id = $3 WHERE id = $1`, [
        stay.id,
        args.roomId,
        room.room_type_id,
      ]);
      return result(tx, stay);
    });
  } catch (error) {
    const unavailable =
      isPgError(error, "23P01") || (error instanceof DomainError && error.code === "room_unavailable");
    if (!unavailable || !stayDates) throw error;
    throw new DomainError("room_unavailable", "That room is not free for these dates.", {
      roomId: args.roomId,
      // The stay's own room is occupied by the stay, so it is never offered.
      alternatives: await freeRoomsLike({ roomId: args.roomId, ...stayDates }),
    });
  }
}

/** Set a room's housekeeping state (clean, dirty, inspected); out of order stays the board's. */
export async function setHousekeeping(
  args: { roomId: string; state: HousekeepingState },
  actor: Actor,
): Promise<{ txid: string }> {
  return withSerializableTx({ actor }, async (tx) => {
    await setHousekeepingIn(tx, actor, args.roomId, args.state);
    return { txid: await currentTxid(tx) };
  });
}

async function setHousekeepingIn(tx: Tx, actor: Actor, roomId: string, state: HousekeepingState) {
  const { rowCount } = await tx.query(
    `WITH before AS (
       SELECT id, property_id, housekeeping_status FROM rooms WHERE id = $1 FOR UPDATE
     ), after AS (
       UPDATE rooms r SET housekeeping_status = $2 FROM before WHERE r.id = before.id
       RETURNING r.id, r.property_id, r.housekeeping_status
     )
     INSERT INTO audit_events (actor, channel, action, entity_type, entity_id, property_id, changes)
     SELECT $3, $4, 'room.state', 'room', after.id, after.property_id,
            jsonb_build_object('housekeeping_status', jsonb_build_array(before.housekeeping_status, after.housekeeping_status))
       FROM before JOIN after ON after.id = before.id`,
    [roomId, state, actor.id, actor.channel],
  );
  if (!rowCount) throw new DomainError("not_found", "No such room.", { roomId });
}

/** The property a room belongs to (for the desk's 404 to staff of other properties). */
export async function propertyOfRoom(roomId: string): Promise<string | undefined> {
  const { rows } = await getPool().query<{ property_id: string }>(`SELECT property_id FROM rooms WHERE id = $1`, [
    roomId,
  ]);
  return rows[0]?.property_id;
}
