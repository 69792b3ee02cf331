// A reservation's states and the two sets of them the rules turn on, written
// once: which stays occupy a room, and which can still be cancelled or moved.
// Pure, so the board reads them in the browser too; the SQL spelling of the
// same sets is in occupancy.server.ts.

export type ReservationStatus =
  "held" | "confirmed" | "checked_in" | "checked_out" | "cancelled" | "no_show" | "expired";

/**
 * The stays that occupy their room: the exclusion constraint's own predicate
 * (migration 001), so it is what "no double booking" means.
 */
export const OCCUPYING_STATUSES = ["held", "confirmed", "checked_in"] as const satisfies readonly ReservationStatus[];

/** The stays that can still be cancelled or moved to other dates. */
export const OPEN_STATUSES = ["held", "confirmed"] as const satisfies readonly ReservationStatus[];

export function isOccupying(status: string): boolean {
  return (OCCUPYING_STATUSES as readonly string[]).includes(status);
}

export function isOpen(status: string): boolean {
  return (OPEN_STATUSES as readonly string[]).includes(status);
}

/** A room's housekeeping states (rooms.housekeeping_status); out of order is a flag of its own. */
export const HOUSEKEEPING_STATES = ["clean", "dirty", "inspected"] as const;

export type HousekeepingState = (typeof HOUSEKEEPING_STATES)[number];
