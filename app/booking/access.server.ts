// Who may see and cancel a booking: its owner, and staff of its property
// whose role allows it. Everyone else is told it does not exist.
import { can } from "~/auth/permissions";
import { isStaff, staffCovers, type Account, type Auth } from "~/auth/session.server";
import type { Actor } from "../../db/pool.server";
import { getBooking, type BookingView } from "./reads.server";
import { referenceSchema } from "./schemas";
import { isOpen } from "./status";

export async function readableBooking(
  account: Account,
  reference: string | undefined,
): Promise<BookingView | undefined> {
  const parsed = referenceSchema.safeParse(reference);
  const booking = parsed.success ? await getBooking(parsed.data.toUpperCase()) : undefined;
  if (!booking) return undefined;
  const own = booking.accountId === account.id && can(account.role, "booking:read_own");
  const property = can(account.role, "booking:read_property") && staffCovers(account, booking.propertyId);
  return own || property ? booking : undefined;
}

/** Whether this account's role lets it cancel this booking (whatever state the booking is in). */
export function mayCancel(account: Account, booking: BookingView): boolean {
  const own = booking.accountId === account.id && can(account.role, "booking:cancel_own");
  const property = can(account.role, "booking:cancel_property") && staffCovers(account, booking.propertyId);
  return own || property;
}

/** The reservations of a booking that can still be cancelled or moved. */
function openReservations(booking: BookingView) {
  return booking.reservations.filter((r) => isOpen(r.status));
}

/** A booking that still has something to cancel. */
export function isCancellable(booking: BookingView): boolean {
  return openReservations(booking).length > 0;
}

/** The one open stay a guest can move to other dates (several rooms change through the API or the front desk). */
export function movableReservation(booking: BookingView): BookingView["reservations"][number] | undefined {
  const open = openReservations(booking);
  return open.length === 1 ? open[0] : undefined;
}

/**
 * Who a change is recorded under: the account, through the front desk for
 * staff, online for guests (administration names its own channel). The
 * session's token goes with it: the database records an account as the actor
 * only on the strength of a live session.
 */
export function actorFor(
  auth: Pick<Auth, "account" | "token">,
  channel: Actor["channel"] = isStaff(auth.account) ? "front_desk" : "online",
): Actor {
  return { id: `account:${auth.account.id}`, channel, sessionToken: auth.token };
}
