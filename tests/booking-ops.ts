// The booking step of the property tests (availability, live inventory): a
// booking or a hold of one of two room types, within ten days, of one to four
// nights, for one or two rooms, with or without step-free access.
import fc from "fast-check";
import type { BookInput } from "~/booking/booking.server";
import { addDays } from "~/booking/dates";
import type { Fixture } from "./helpers";

export type BookingOp = {
  kind: "book" | "hold";
  type: 0 | 1;
  start: number;
  nights: number;
  rooms: number;
  needs: boolean;
};

export const bookingOp: fc.Arbitrary<BookingOp> = fc.record({
  kind: fc.constantFrom("book" as const, "hold" as const),
  type: fc.constantFrom(0 as const, 1 as const),
  start: fc.integer({ min: 0, max: 9 }),
  nights: fc.integer({ min: 1, max: 4 }),
  rooms: fc.integer({ min: 1, max: 2 }),
  needs: fc.boolean(),
});

/** The step as the booking service takes it: types A and B of the hotel, days counted from `base`. */
export function bookInput(hotel: Fixture, base: string, step: BookingOp): BookInput {
  return {
    propertyId: hotel.propertyId,
    roomTypeId: [hotel.roomTypes.A, hotel.roomTypes.B][step.type].id,
    checkIn: addDays(base, step.start),
    checkOut: addDays(base, step.start + step.nights),
    adults: step.rooms,
    rooms: step.rooms,
    accessibility: step.needs ? ["step_free"] : [],
    channel: "online",
  };
}
