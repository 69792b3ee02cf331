// Guests racing for the last rooms: the exact outcomes the hotel must see,
// checked against the table afterwards. No mocks: 200 real transactions
// against one Postgres through the application's pool.
import { describe, expect, it } from "vitest";
import { searchAvailability } from "~/booking/availability.server";
import { book, confirmHold, hold } from "~/booking/booking.server";
import { getPool } from "../../db/pool.server";
import { createProperty, deskActor, guestActor, overlappingReservations, settle } from "../helpers";

describe("racing for the last rooms", () => {
  it("200 attempts on 5 free rooms, same nights: exactly 5 confirmed, 195 sold out", async () => {
    // 8 rooms of which 3 are already taken for these nights: 5 left.
    const hotel = await createProperty({ DBL: { rooms: 8 } });
    const input = {
      propertyId: hotel.propertyId,
      roomTypeId: hotel.roomTypes.DBL.id,
      checkIn: hotel.day(20),
      checkOut: hotel.day(23),
      adults: 2,
      channel: "online" as const,
    };
    for (let i = 0; i < 3; i++) await book(input, guestActor);

    const { ok, errors } = await settle(Array.from({ length: 200 }, () => book(input, guestActor)));

    expect(ok).toHaveLength(5);
    expect(errors).toHaveLength(195);
    expect(new Set(errors)).toEqual(new Set(["sold_out"]));
    expect(new Set(ok.map((r) => r.booking.reservations[0].roomId)).size).toBe(5);
    expect(await overlappingReservations(hotel.propertyId)).toBe(0);
    const { rows } = await getPool().query(
      `SELECT count(*)::int AS n FROM reservations WHERE property_id = $1 AND status = 'confirmed'`,
      [hotel.propertyId],
    );
    expect(rows[0].n).toBe(8);
  });

  it("200 attempts with overlapping but unequal stays: no overlap, and nobody told 'sold out' while a room was free", async () => {
    const hotel = await createProperty({ DBL: { rooms: 5 } });
    const base = {
      propertyId: hotel.propertyId,
      roomTypeId: hotel.roomTypes.DBL.id,
      adults: 1,
      channel: "online" as const,
    };
    // Stays of 1-4 nights starting within a week: they overlap in every way.
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const stays = Array.from({ length: 200 }, () => {
      const start = 30 + Math.floor(next() * 7);
      return { checkIn: hotel.day(start), checkOut: hotel.day(start + 1 + Math.floor(next() * 4)) };
    });

    const outcomes = await Promise.allSettled(stays.map((stay) => book({ ...base, ...stay }, guestActor)));

    expect(await overlappingReservations(hotel.propertyId)).toBe(0);
    const failures = outcomes.flatMap((o, i) =>
      o.status === "rejected" ? [{ stay: stays[i], reason: o.reason }] : [],
    );
    expect(failures.map((f) => f.reason.code ?? String(f.reason)).every((code) => code === "sold_out")).toBe(true);
    expect(outcomes.length - failures.length).toBeGreaterThan(5);
    // Nothing was cancelled, so a stay refused during the race must still find no room now.
    for (const { stay } of failures) {
      const result = await searchAvailability({ ...base, ...stay });
      expect(result.roomTypes[0].available, `${stay.checkIn}..${stay.checkOut}`).toBe(0);
    }
  });

  it("a hold expiring while bookings race for its room: the room goes to exactly one of them, once the hold is over", async () => {
    const hotel = await createProperty({ DBL: { rooms: 1 } });
    const input = {
      propertyId: hotel.propertyId,
      roomTypeId: hotel.roomTypes.DBL.id,
      checkIn: hotel.day(5),
      checkOut: hotel.day(7),
      adults: 1,
    };
    const held = await hold({ ...input, channel: "front_desk" }, deskActor);
    const { rows } = await getPool().query<{ until: string }>(
      `UPDATE reservations SET hold_expires_at = clock_timestamp() + interval '400 milliseconds'
        WHERE booking_id = $1 RETURNING hold_expires_at AS until`,
      [held.booking.id],
    );
    const expiresAt = new Date(rows[0].until).getTime();

    // A steady stream of bookers before, across and after the moment the hold ends.
    const attempts: Promise<{ at: number; ok: boolean; code?: string }>[] = [];
    for (let i = 0; i < 40; i++) {
      attempts.push(
        new Promise((resolve) => setTimeout(resolve, i * 25)).then(() =>
          book({ ...input, channel: "online" }, guestActor).then(
            () => ({ at: Date.now(), ok: true }),
            (error) => ({ at: Date.now(), ok: false, code: error.code }),
          ),
        ),
      );
    }
    const results = await Promise.all(attempts);

    const winners = results.filter((r) => r.ok);
    expect(winners).toHaveLength(1);
    expect(winners[0].at).toBeGreaterThanOrEqual(expiresAt);
    expect(results.filter((r) => !r.ok).every((r) => r.code === "sold_out")).toBe(true);
    await expect(confirmHold({ reference: held.booking.reference }, deskActor)).rejects.toMatchObject({
      code: "hold_expired",
    });
    expect(await overlappingReservations(hotel.propertyId)).toBe(0);
  });

  it("confirming a hold at the moment it expires races a booking: never both win", async () => {
    for (let round = 0; round < 15; round++) {
      const hotel = await createProperty({ DBL: { rooms: 1 } });
      const input = {
        propertyId: hotel.propertyId,
        roomTypeId: hotel.roomTypes.DBL.id,
        checkIn: hotel.day(5),
        checkOut: hotel.day(6),
        adults: 1,
      };
      const held = await hold({ ...input, channel: "front_desk" }, deskActor);
      await getPool().query(
        `UPDATE reservations SET hold_expires_at = clock_timestamp() + interval '30 milliseconds' WHERE booking_id = $1`,
        [held.booking.id],
      );
      await new Promise((resolve) => setTimeout(resolve, 20 + (round % 5) * 3));
      const { ok } = await settle<unknown>([
        confirmHold({ reference: held.booking.reference }, deskActor),
        book({ ...input, channel: "online" }, guestActor),
      ]);
      expect(ok.length).toBeLessThanOrEqual(1);
      expect(await overlappingReservations(hotel.propertyId)).toBe(0);
    }
  });
});
