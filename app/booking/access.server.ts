// Who may see and cancel a booking: its owner, and staff of its property
// whose role allows it. Everyone else is told it does not exist.
import { can } from "../auth/permissions";
import { staffCovers, type Account } from "../auth/session.server";
import { getBooking, type BookingView } from "./booking.server";
import { referenceSchema } from "./schemas";

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

/** A booking that still has something to cancel. */
export function isCancellable(booking: BookingView): boolean {
  return booking.reservations.some((r) => r.status === "held" || r.status === "confirmed");
}
