// Which stays occupy a room, and when a hold stops doing so, in SQL: the one
// spelling every query uses (allocation, availability, hold expiry,
// confirmation). The arguments are table aliases, never values.
//
// A partial index predicate cannot use now(), so an overdue hold stays 'held'
// until something expires it: the booking transaction expires the overdue
// holds in its way, and the sweeper the rest. Until then, queries that show
// availability treat an overdue hold as free.
import { OCCUPYING_STATUSES, OPEN_STATUSES, type ReservationStatus } from "./status";

/** `('held', 'confirmed')`: a set of statuses as a SQL list (the values are this module's constants). */
function sqlList(statuses: readonly ReservationStatus[]): string {
  return `(${statuses.map((status) => `'${status}'`).join(", ")})`;
}

/**
 * The reservation `x` occupies its room. Spelled exactly as the exclusion
 * constraint and the free-room probe index (decision 003) are, so their
 * partial indexes serve the query.
 */
export const occupies = (x: string) => `${x}.status IN ${sqlList(OCCUPYING_STATUSES)}`;

/** The reservation `x` can still be cancelled or moved. */
export const openStay = (x: string) => `${x}.status IN ${sqlList(OPEN_STATUSES)}`;

/** `x` is a hold that has run out and waits to be expired. */
export const overdueHold = (x: string) => `${x}.status = 'held' AND ${x}.hold_expires_at <= now()`;

/** `x` is a hold still running. */
export const liveHold = (x: string) => `${x}.status = 'held' AND ${x}.hold_expires_at > now()`;

/** `x` occupies its room now: an overdue hold does not, even before it is expired. */
export const occupiesNow = (x: string) => `${occupies(x)} AND NOT (${overdueHold(x)})`;

/**
 * The one hold-expiry statement: every overdue hold that also matches
 * `scope` (a condition on `reservations`) becomes 'expired'.
 */
export const expireHolds = (scope: string) =>
  `UPDATE reservations SET status = 'expired' WHERE ${overdueHold("reservations")} AND (${scope})`;

/**
 * The holds in the way of a stay: a room type's reservations overlapping
 * [checkIn, checkOut). The arguments are SQL (placeholders).
 */
export const inTheWayOf = (stay: { roomTypeId: string; checkIn: string; checkOut: string }) =>
  `reservations.room_type_id = ${stay.roomTypeId}
   AND reservations.check_out > ${stay.checkIn}::date AND reservations.check_in < ${stay.checkOut}::date`;
