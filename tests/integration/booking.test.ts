// The booking engine against a real Postgres: allocation, holds, cancel,
// change of dates, the ADA allocation rule, the state machine and the audit
// trail written in the same transaction.
import { describe, expect, it } from "vitest";
import { book, cancelBooking, changeDates, confirmHold, hold } from "~/booking/booking.server";
import { getBooking } from "~/booking/reads.server";
import { isDomainError } from "~/domain/errors";
import { getPool } from "../../db/pool.server";
import { createAccount, createProperty, deskActor, guestActor, sessionActor } from "../helpers";

describe("book", () => {
  it("confirms a room of the type at once and prices it from the rate calendar", async () => {
    const hotel = await createProperty({ DBL: { rooms: 2, baseRate: 10000 } });
    const type = hotel.roomTypes.DBL;
    await getPool().query(
      `INSERT INTO rate_calendar (rate_plan_id, room_type_id, night, price) VALUES ($1, $2, $3, 15000)`,
      [hotel.ratePlanId, type.id, hotel.day(11)],
    );
    const { booking, txid } = await book(
      {
        propertyId: hotel.propertyId,
        roomTypeId: type.id,
        checkIn: hotel.day(10),
        checkOut: hotel.day(13),
        adults: 2,
        channel: "online",
      },
      guestActor,
    );
    expect(booking.status).toBe("confirmed");
    expect(booking.reference).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    expect(booking.reservations).toHaveLength(1);
    expect(booking.reservations[0].price).toBe(10000 + 15000 + 10000);
    expect(type.roomIds).toContain(booking.reservations[0].roomId);
    expect(Number(txid)).toBeGreaterThan(0);
  });

  it("books several rooms all or nothing", async () => {
    const hotel = await createProperty({ DBL: { rooms: 3, capacity: 3 } });
    const input = {
      propertyId: hotel.propertyId,
      roomTypeId: hotel.roomTypes.DBL.id,
      checkIn: hotel.day(5),
      checkOut: hotel.day(7),
      adults: 4,
      children: 1,
      rooms: 2,
      channel: "online" as const,
    };
    const { booking } = await book(input, guestActor);
    expect(booking.reservations).toHaveLength(2);
    expect(new Set(booking.reservations.map((r) => r.roomNumber)).size).toBe(2);
    expect(booking.reservations.map((r) => r.adults + r.children).sort()).toEqual([2, 3].sort());
    // Only one room is left: asking for two fails whole and leaves nothing behind.
    const before = await getPool().query(`SELECT count(*)::int AS n FROM reservations WHERE property_id = $1`, [
      hotel.propertyId,
    ]);
    await expect(book(input, guestActor)).rejects.toMatchObject({ code: "sold_out" });
    const after = await getPool().query(`SELECT count(*)::int AS n FROM reservations WHERE property_id = $1`, [
      hotel.propertyId,
    ]);
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it("refuses a party larger than the rooms sleep, and stays in the past", async () => {
    const hotel = await createProperty({ DBL: { rooms: 2, capacity: 2 } });
    const base = { propertyId: hotel.propertyId, roomTypeId: hotel.roomTypes.DBL.id, channel: "online" as const };
    await expect(
      book({ ...base, checkIn: hotel.day(1), checkOut: hotel.day(2), adults: 3 }, guestActor),
    ).rejects.toMatchObject({
      code: "party_too_large",
    });
    await expect(
      book({ ...base, checkIn: hotel.day(-1), checkOut: hotel.day(2), adults: 1 }, guestActor),
    ).rejects.toMatchObject({
      code: "invalid_stay",
    });
  });

  it("gives accessible rooms to guests who did not ask for them only when nothing else is free", async () => {
    const hotel = await createProperty({
      DBL: { rooms: 3, accessible: [["step_free", "roll_in_shower"], [], []] },
    });
    const base = {
      propertyId: hotel.propertyId,
      roomTypeId: hotel.roomTypes.DBL.id,
      checkIn: hotel.day(3),
      checkOut: hotel.day(4),
      adults: 1,
      channel: "online" as const,
    };
    const accessibleRoom = hotel.roomTypes.DBL.roomIds[0];
    const first = await book(base, guestActor);
    const second = await book(base, guestActor);
    expect([first, second].map((r) => r.booking.reservations[0].roomId)).not.toContain(accessibleRoom);
    const third = await book(base, guestActor);
    expect(third.booking.reservations[0].roomId).toBe(accessibleRoom);

    // A guest who needs the features gets the accessible room even when plain rooms are free.
    const other = { ...base, checkIn: hotel.day(8), checkOut: hotel.day(9) };
    const needing = await book({ ...other, accessibility: ["roll_in_shower"] }, guestActor);
    expect(needing.booking.reservations[0].roomId).toBe(accessibleRoom);
    await expect(book({ ...other, accessibility: ["roll_in_shower"] }, guestActor)).rejects.toMatchObject({
      code: "sold_out",
    });
  });
});

describe("holds", () => {
  it("confirms a hold before it runs out, with the guest's details", async () => {
    const hotel = await createProperty({ DBL: { rooms: 1 } }, { holdMinutes: 10 });
    const held = await hold(
      {
        propertyId: hotel.propertyId,
        roomTypeId: hotel.roomTypes.DBL.id,
        checkIn: hotel.day(0),
        checkOut: hotel.day(1),
        adults: 1,
        channel: "front_desk",
      },
      deskActor,
    );
    expect(held.booking.status).toBe("held");
    const expires = new Date(held.booking.reservations[0].holdExpiresAt!).getTime();
    expect(expires - Date.now()).toBeGreaterThan(9 * 60_000);
    expect(expires - Date.now()).toBeLessThanOrEqual(10 * 60_000);
    const confirmed = await confirmHold(
      { reference: held.booking.reference, guest: { fullName: "Walk In" } },
      deskActor,
    );
    expect(confirmed.booking.status).toBe("confirmed");
    expect(confirmed.booking.reservations[0].holdExpiresAt).toBeNull();
    expect(confirmed.booking.guestName).toBe("Walk In");
  });

  it("never lets an overdue hold block a booking, and refuses to confirm it", async () => {
    const hotel = await createProperty({ DBL: { rooms: 1 } });
    const input = {
      propertyId: hotel.propertyId,
      roomTypeId: hotel.roomTypes.DBL.id,
      checkIn: hotel.day(2),
      checkOut: hotel.day(4),
      adults: 1,
    };
    const held = await hold({ ...input, channel: "front_desk" }, deskActor);
    await expect(book({ ...input, channel: "online" }, guestActor)).rejects.toMatchObject({ code: "sold_out" });
    // Run the clock forward: the hold is overdue but no sweeper has run.
    await getPool().query(
      `UPDATE reservations SET hold_expires_at = now() - interval '1 second' WHERE booking_id = $1`,
      [held.booking.id],
    );
    const booked = await book({ ...input, channel: "online" }, guestActor);
    expect(booked.booking.status).toBe("confirmed");
    const expired = await getBooking(held.booking.reference);
    expect(expired?.status).toBe("expired");
    await expect(confirmHold({ reference: held.booking.reference }, deskActor)).rejects.toMatchObject({
      code: "hold_expired",
    });
  });
});

describe("cancel and change dates", () => {
  it("cancels, frees the room at once, and cancelling again changes nothing", async () => {
    const hotel = await createProperty({ DBL: { rooms: 1 } });
    const input = {
      propertyId: hotel.propertyId,
      roomTypeId: hotel.roomTypes.DBL.id,
      checkIn: hotel.day(2),
      checkOut: hotel.day(4),
      adults: 1,
      channel: "online" as const,
    };
    const first = await book(input, guestActor);
    const cancelled = await cancelBooking({ reference: first.booking.reference }, guestActor);
    expect(cancelled.booking.status).toBe("cancelled");
    const again = await cancelBooking({ reference: first.booking.reference }, guestActor);
    expect(again.booking.status).toBe("cancelled");
    const second = await book(input, guestActor);
    expect(second.booking.reservations[0].roomId).toBe(first.booking.reservations[0].roomId);
  });

  it("keeps the guest's room when it is free, moves them when it is not, and fails when the type is full", async () => {
    const hotel = await createProperty({ DBL: { rooms: 2 } });
    const base = {
      propertyId: hotel.propertyId,
      roomTypeId: hotel.roomTypes.DBL.id,
      adults: 1,
      channel: "online" as const,
    };
    const mine = await book({ ...base, checkIn: hotel.day(10), checkOut: hotel.day(12) }, guestActor);
    const myRoom = mine.booking.reservations[0].roomId;
    const longer = await changeDates(
      { reference: mine.booking.reference, checkIn: hotel.day(10), checkOut: hotel.day(13) },
      guestActor,
    );
    expect(longer.booking.reservations[0].roomId).toBe(myRoom);
    expect(longer.booking.reservations[0].price).toBe(30000);
    // Someone takes my room for nights 14-15; the other room stays free.
    await getPool().query(`UPDATE rooms SET out_of_order = true WHERE id <> $1 AND room_type_id = $2`, [
      myRoom,
      base.roomTypeId,
    ]);
    const blocker = await book({ ...base, checkIn: hotel.day(14), checkOut: hotel.day(16) }, guestActor);
    await getPool().query(`UPDATE rooms SET out_of_order = false WHERE room_type_id = $1`, [base.roomTypeId]);
    expect(blocker.booking.reservations[0].roomId).toBe(myRoom);
    const moved = await changeDates(
      { reference: mine.booking.reference, checkIn: hotel.day(14), checkOut: hotel.day(15) },
      guestActor,
    );
    expect(moved.booking.reservations[0].roomId).not.toBe(myRoom);
    await book({ ...base, checkIn: hotel.day(20), checkOut: hotel.day(21) }, guestActor);
    await book({ ...base, checkIn: hotel.day(20), checkOut: hotel.day(21) }, guestActor);
    await expect(
      changeDates({ reference: mine.booking.reference, checkIn: hotel.day(20), checkOut: hotel.day(21) }, guestActor),
    ).rejects.toMatchObject({ code: "sold_out" });
  });
});

describe("the database itself", () => {
  it("refuses overlapping active reservations of one room, whatever the code does", async () => {
    const hotel = await createProperty({ DBL: { rooms: 1 } });
    const { booking } = await book(hotel.stay("DBL", 3, 6), guestActor);
    const error = await getPool()
      .query(
        `INSERT INTO reservations (booking_id, property_id, room_type_id, room_id, rate_plan_id, check_in, check_out, adults, status, price)
         SELECT booking_id, property_id, room_type_id, room_id, rate_plan_id, $2::date, $3::date, 1, 'confirmed', 0
           FROM reservations WHERE booking_id = $1`,
        [booking.id, hotel.day(5), hotel.day(7)],
      )
      .catch((e: { code: string }) => e);
    expect(error).toMatchObject({ code: "23P01" });
    // Back to back is fine: check-out day is the next check-in day.
    await getPool().query(
      `INSERT INTO reservations (booking_id, property_id, room_type_id, room_id, rate_plan_id, check_in, check_out, adults, status, price)
       SELECT booking_id, property_id, room_type_id, room_id, rate_plan_id, $2::date, $3::date, 1, 'confirmed', 0
         FROM reservations WHERE booking_id = $1`,
      [booking.id, hotel.day(6), hotel.day(8)],
    );
  });

  it("allows only legal state changes", async () => {
    const hotel = await createProperty({ DBL: { rooms: 1 } });
    const { booking } = await book(hotel.stay("DBL", 3, 6), guestActor);
    const id = booking.reservations[0].id;
    const set = (status: string) =>
      getPool()
        .query(`UPDATE reservations SET status = $2 WHERE id = $1`, [id, status])
        .then(
          () => "ok",
          (e: { code: string }) => e.code,
        );
    expect(await set("held")).toBe("23514");
    expect(await set("checked_out")).toBe("23514");
    expect(await set("expired")).toBe("23514");
    expect(await set("checked_in")).toBe("ok");
    expect(await set("cancelled")).toBe("23514");
    expect(await set("checked_out")).toBe("ok");
    expect(await set("confirmed")).toBe("23514");
  });

  it("writes an audit event for every change, in the same transaction, and never lets one be edited", async () => {
    const hotel = await createProperty({ DBL: { rooms: 1 } });
    const someone = await createAccount("guest");
    const desk = await createAccount("front_desk", { propertyIds: [hotel.propertyId] });
    const { booking } = await book(hotel.stay("DBL", 3, 6), await sessionActor(someone.id, "online"));
    await cancelBooking({ reference: booking.reference }, await sessionActor(desk.id, "front_desk"));
    const { rows } = await getPool().query(
      `SELECT actor, channel, action, changes, txid::text FROM audit_events WHERE booking_id = $1 ORDER BY id`,
      [booking.id],
    );
    expect(rows.map((r) => [r.actor, r.channel, r.action])).toEqual([
      [`account:${someone.id}`, "online", "reservation.created"],
      [`account:${desk.id}`, "front_desk", "reservation.cancelled"],
    ]);
    expect(rows[1].changes).toEqual({ status: ["confirmed", "cancelled"] });
    const edit = await getPool()
      .query(`UPDATE audit_events SET actor = 'nobody'`)
      .catch((e: { code: string }) => e.code);
    expect(edit).toBe("42501");
    const erase = await getPool()
      .query(`DELETE FROM audit_events`)
      .catch((e: { code: string }) => e.code);
    expect(erase).toBe("42501");
  });

  it("reports a business failure as a DomainError, not a database error", async () => {
    const hotel = await createProperty({ DBL: { rooms: 1 } });
    const error = await book(hotel.stay("DBL", 3, 3), guestActor).catch((e) => e);
    expect(isDomainError(error, "invalid_stay")).toBe(true);
  });
});
