// The booking step of the property tests (availability, live inventory): a
// booking or a hold of one of two room types, within ten days, of one to four
// nights, for one or two rooms, with or without step-free access.
import fc from "fast-check";

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
