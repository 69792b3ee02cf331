// Shared by the booking endpoints: who may see a booking, and its JSON form.
import type { Account, Auth } from "~/auth/session.server";
import { actorFor, mayCancel, readableBooking } from "~/booking/access.server";
import type { Actor } from "../../db/pool.server";
import type { BookingView } from "~/booking/reads.server";
import { problem } from "./problem.server";

/** The owner or staff of the property; anyone else gets the same 404 as a wrong reference. */
export async function requireReadableBooking(account: Account, reference: string | undefined): Promise<BookingView> {
  const booking = await readableBooking(account, reference);
  if (!booking) throw problem({ status: 404, code: "booking_not_found" });
  return booking;
}

/**
 * A booking this account may change (cancel, move): its owner or the
 * property's staff whose role allows it; readers who may not get a 403 saying
 * so. Answers the actor that the change is recorded under.
 */
export async function requireChangeableBooking(
  auth: Auth,
  reference: string | undefined,
  forbiddenKey: "api.cancel_forbidden" | "api.change_forbidden",
): Promise<{ booking: BookingView; actor: Actor }> {
  const booking = await requireReadableBooking(auth.account, reference);
  if (!mayCancel(auth.account, booking)) throw problem({ status: 403, code: "forbidden", titleKey: forbiddenKey });
  return { booking, actor: actorFor(auth) };
}

export function bookingJson(booking: BookingView) {
  return {
    reference: booking.reference,
    status: booking.status,
    propertyId: booking.propertyId,
    channel: booking.channel,
    currency: booking.currency,
    totalPrice: booking.totalPrice,
    createdAt: booking.createdAt,
    reservations: booking.reservations.map((r) => ({
      id: r.id,
      roomTypeId: r.roomTypeId,
      roomTypeName: r.roomTypeName,
      roomId: r.roomId,
      roomNumber: r.roomNumber,
      ratePlanId: r.ratePlanId,
      checkIn: r.checkIn,
      checkOut: r.checkOut,
      adults: r.adults,
      children: r.children,
      status: r.status,
      holdExpiresAt: r.holdExpiresAt,
      price: r.price,
      currency: r.currency,
    })),
  };
}
