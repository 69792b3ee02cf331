// Property-based: after any sequence of bookings, holds and cancellations,
// the availability search agrees with a brute-force count over the rooms and
// the reservations the engine reported.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { searchAvailability } from "~/booking/availability.server";
import { book, cancelBooking, hold } from "~/booking/booking.server";
import { addDays } from "~/booking/dates";
import { isDomainError } from "~/domain/errors";
import { getPool } from "../../db/pool.server";
import { bookInput, bookingOp, type BookingOp } from "../booking-ops";
import { createProperty, guestActor } from "../helpers";

type Op = BookingOp | { kind: "cancel"; pick: number } | { kind: "expire"; pick: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    arbitrary: bookingOp,
    weight: 4,
  },
  { arbitrary: fc.record({ kind: fc.constant("cancel" as const), pick: fc.nat() }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("expire" as const), pick: fc.nat() }), weight: 1 },
);

const query = fc.record({
  start: fc.integer({ min: 0, max: 12 }),
  nights: fc.integer({ min: 1, max: 5 }),
  needs: fc.boolean(),
});

describe("availability search", () => {
  it("matches a brute-force count of free rooms per night and for the whole stay", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(op, { minLength: 1, maxLength: 25 }),
        fc.array(query, { minLength: 1, maxLength: 4 }),
        async (ops, queries) => {
          const hotel = await createProperty({
            A: { rooms: 3, capacity: 2, accessible: [["step_free"], [], []] },
            B: { rooms: 2, capacity: 4, accessible: [[], ["step_free", "roll_in_shower"]] },
          });
          const types = [hotel.roomTypes.A, hotel.roomTypes.B];
          const base = hotel.day(40);
          const roomFeatures = new Map<string, boolean>();
          const { rows: rooms } = await getPool().query<{ id: string; room_type_id: string; step_free: boolean }>(
            `SELECT id, room_type_id, 'step_free' = ANY(accessibility) AS step_free FROM rooms WHERE property_id = $1`,
            [hotel.propertyId],
          );
          for (const room of rooms) roomFeatures.set(room.id, room.step_free);

          // The model: the engine's own answers, kept by reference.
          const active = new Map<string, { roomId: string; checkIn: string; checkOut: string }[]>();
          for (const step of ops) {
            if (step.kind === "book" || step.kind === "hold") {
              const input = bookInput(hotel, base, step);
              try {
                const { booking } = await (step.kind === "book" ? book : hold)(input, guestActor);
                active.set(
                  booking.reference,
                  booking.reservations.map((r) => ({ roomId: r.roomId, checkIn: r.checkIn, checkOut: r.checkOut })),
                );
              } catch (error) {
                if (!isDomainError(error, "sold_out")) throw error;
              }
            } else if (active.size > 0 && "pick" in step) {
              const references = [...active.keys()];
              const reference = references[step.pick % references.length];
              if (step.kind === "cancel") {
                await cancelBooking({ reference }, guestActor);
              } else {
                // A hold that ran out (or a stay that was never held) frees its rooms with no sweeper at all.
                const { rowCount } = await getPool().query(
                  `UPDATE reservations SET hold_expires_at = now() - interval '1 second'
                  WHERE booking_id = (SELECT id FROM bookings WHERE reference = $1) AND status = 'held'`,
                  [reference],
                );
                if (!rowCount) continue;
              }
              active.delete(reference);
            }
          }

          for (const q of queries) {
            const checkIn = addDays(base, q.start);
            const checkOut = addDays(base, q.start + q.nights);
            const result = await searchAvailability({
              propertyId: hotel.propertyId,
              checkIn,
              checkOut,
              adults: 1,
              accessibility: q.needs ? ["step_free"] : [],
            });
            const taken = [...active.values()].flat();
            for (const [index, type] of types.entries()) {
              const candidates = rooms.filter(
                (r) => r.room_type_id === type.id && (!q.needs || roomFeatures.get(r.id)),
              );
              const busyOn = (roomId: string, night: string) =>
                taken.some((t) => t.roomId === roomId && t.checkIn <= night && night < t.checkOut);
              const nights = Array.from({ length: q.nights }, (_, i) => addDays(checkIn, i));
              const expected = candidates.filter((r) => nights.every((night) => !busyOn(r.id, night))).length;
              const row = result.roomTypes.find((t) => t.id === type.id)!;
              expect(row.available, `type ${index} ${checkIn}..${checkOut}`).toBe(expected);
              expect(row.freeByNight).toEqual(
                nights.map((date) => ({ date, free: candidates.filter((r) => !busyOn(r.id, date)).length })),
              );
            }
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
