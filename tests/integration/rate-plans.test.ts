// Rate plans, rooms out of order and the property's own settings as managers
// set them up (issue 11), through /api/v1/properties/{id}/rate-plans,
// .../rooms/{roomId}/out-of-order and /api/v1/properties/{id}: a derived
// plan's prices follow its parent's (hand-computed here), a plan sold for some
// room types only is neither searched nor booked for the others, a window
// out of order is refused while a stay is in it and takes its nights from
// searches and bookings while it lasts, and each change is audited.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { getPool } from "../../db/pool.server";
import { apiAccounts, apiClient, createProperty, sender, type ApiCall, type Fixture } from "../helpers";

let call: ApiCall;
let hotel: Fixture;
let otherHotel: Fixture;
let tokens: Record<string, string> = {};

beforeAll(async () => {
  call = await apiClient();
  hotel = await createProperty({ DBL: { rooms: 2, baseRate: 10_000 }, SGL: { rooms: 1, baseRate: 7_999 } });
  otherHotel = await createProperty({ DBL: { rooms: 1 } });
  ({ tokens } = await apiAccounts(call, {
    guest: { role: "guest" },
    desk: { role: "front_desk", propertyIds: [hotel.propertyId] },
    manager: { role: "manager", propertyIds: [hotel.propertyId] },
    otherManager: { role: "manager", propertyIds: [otherHotel.propertyId] },
  }));
});

const send = (method: string, url: string, body?: unknown, who = "manager") =>
  sender(call, () => tokens, "plans")(method, url, body, who);
const base = () => `/api/v1/properties/${hotel.propertyId}`;

type Quote = { ratePlanId: string; code: string; totalPrice: number; restriction: unknown };
async function plansFor(code: string, from: number, to: number): Promise<Quote[]> {
  const found = await send(
    "GET",
    `/api/v1/availability?propertyId=${hotel.propertyId}&checkIn=${hotel.day(from)}&checkOut=${hotel.day(to)}&adults=1`,
    undefined,
    "guest",
  );
  expect(found.status, found.text).toBe(200);
  return found.json.roomTypes.find((type: { code: string }) => type.code === code).ratePlans;
}
const availableOf = async (code: string, from: number, to: number) => {
  const found = await send(
    "GET",
    `/api/v1/availability?propertyId=${hotel.propertyId}&checkIn=${hotel.day(from)}&checkOut=${hotel.day(to)}&adults=1`,
    undefined,
    "guest",
  );
  return found.json.roomTypes.find((type: { code: string }) => type.code === code).available as number;
};
const book = (code: string, from: number, to: number, ratePlanId?: string) =>
  send(
    "POST",
    "/api/v1/bookings",
    {
      propertyId: hotel.propertyId,
      roomTypeId: hotel.roomTypes[code].id,
      checkIn: hotel.day(from),
      checkOut: hotel.day(to),
      adults: 1,
      ...(ratePlanId ? { ratePlanId } : {}),
    },
    "guest",
  );

describe("rate plans", () => {
  let saver: { id: string };

  it("a derived plan prices each night from its parent's, adjusted and rounded to a cent, and follows its changes", async () => {
    const created = await send("POST", `${base()}/rate-plans`, {
      code: "SAVER",
      name: "Advance saver",
      cancellation: "non_refundable",
      payment: "at_booking",
      derivedFrom: { ratePlanId: hotel.ratePlanId, percent: -12.5 },
      translations: { ar: { name: "حجز مبكر" } },
    });
    expect(created.status, created.text).toBe(201);
    saver = created.json.ratePlan;
    expect(created.json.ratePlan).toMatchObject({
      code: "SAVER",
      cancellation: "non_refundable",
      cancellationHours: null,
      refundable: false,
      payment: "at_booking",
      roomTypeIds: null,
      derivedFrom: { ratePlanId: hotel.ratePlanId, percent: -12.5 },
      isDefault: false,
    });

    // A price on the parent's calendar for one night: 123.45 €.
    const set = await send("PUT", `${base()}/rates`, {
      ratePlanId: hotel.ratePlanId,
      roomTypeId: hotel.roomTypes.SGL.id,
      nights: [{ date: hotel.day(20), price: 12_345 }],
    });
    expect(set.status, set.text).toBe(200);
    const plans = await plansFor("SGL", 19, 21);
    const flex = plans.find((plan) => plan.code === "FLEX")!;
    const derived = plans.find((plan) => plan.code === "SAVER")!;
    expect(flex.totalPrice).toBe(7_999 + 12_345);
    // 7 999 × 0.875 = 6 999.125 → 6 999; 12 345 × 0.875 = 10 801.875 → 10 802.
    expect(derived.totalPrice).toBe(6_999 + 10_802);

    // The calendar shows the derived prices too, and refuses a price of its own.
    const calendar = await send(
      "GET",
      `${base()}/rates?roomTypeId=${hotel.roomTypes.SGL.id}&from=${hotel.day(20)}&to=${hotel.day(20)}`,
    );
    const saverCalendar = calendar.json.calendar.ratePlans.find((plan: { code: string }) => plan.code === "SAVER");
    expect(saverCalendar.derivedFrom).toEqual({ ratePlanId: hotel.ratePlanId, percent: -12.5 });
    expect(saverCalendar.roomTypes[0].nights[0]).toMatchObject({ price: 10_802, priceSet: false });
    const own = await send("PUT", `${base()}/rates`, {
      ratePlanId: saver.id,
      roomTypeId: hotel.roomTypes.SGL.id,
      nights: [{ date: hotel.day(20), price: 1 }],
    });
    expect(own.status).toBe(422);
    expect(own.json.errors[0].field).toBe("price");

    // Booked under the derived plan: the booking keeps that price when the parent's changes.
    const booked = await book("SGL", 19, 21, saver.id);
    expect(booked.status, booked.text).toBe(201);
    expect(booked.json.booking.totalPrice).toBe(6_999 + 10_802);
    await send("PUT", `${base()}/rates`, {
      ratePlanId: hotel.ratePlanId,
      roomTypeId: hotel.roomTypes.SGL.id,
      nights: [{ date: hotel.day(30), price: 20_000 }],
    });
    expect((await plansFor("SGL", 30, 31)).find((plan) => plan.code === "SAVER")!.totalPrice).toBe(17_500);
    const { rows } = await getPool().query<{ price: string }>(
      `SELECT x.price FROM reservations x JOIN bookings b ON b.id = x.booking_id WHERE b.reference = $1`,
      [booked.json.booking.reference],
    );
    expect(Number(rows[0].price)).toBe(6_999 + 10_802);
  });

  it("a derived plan is bound by its parent's restrictions as well as its own", async () => {
    await send("PUT", `${base()}/rates`, {
      ratePlanId: hotel.ratePlanId,
      roomTypeId: hotel.roomTypes.DBL.id,
      nights: [{ date: hotel.day(41), stopSell: true }],
    });
    const plans = await plansFor("DBL", 40, 42);
    expect(plans.find((plan) => plan.code === "SAVER")!.restriction).toEqual({
      rule: "stop_sell",
      date: hotel.day(41),
    });
    const refused = await book("DBL", 40, 42, saver.id);
    expect(refused.status).toBe(409);
    expect(refused.json.restriction).toEqual({ rule: "stop_sell", date: hotel.day(41) });

    // Its own: a minimum stay on the derived plan only.
    await send("PUT", `${base()}/rates`, {
      ratePlanId: saver.id,
      roomTypeId: hotel.roomTypes.DBL.id,
      nights: [{ date: hotel.day(45), minStay: 3 }],
    });
    const own = await plansFor("DBL", 45, 47);
    expect(own.find((plan) => plan.code === "SAVER")!.restriction).toEqual({
      rule: "min_stay",
      date: hotel.day(45),
      minStay: 3,
    });
    expect(own.find((plan) => plan.code === "FLEX")!.restriction).toBeNull();
    expect((await book("DBL", 45, 47, saver.id)).status).toBe(409);
    expect((await book("DBL", 45, 48, saver.id)).status).toBe(201);
  });

  it("a plan sold for some room types only is not offered or booked for the others", async () => {
    const created = await send("POST", `${base()}/rate-plans`, {
      code: "DBLONLY",
      name: "Double deal",
      cancellation: "free_until",
      cancellationHours: 24,
      roomTypeIds: [hotel.roomTypes.DBL.id],
    });
    expect(created.status, created.text).toBe(201);
    const plan = created.json.ratePlan;
    expect((await plansFor("DBL", 50, 51)).map((p) => p.code)).toContain("DBLONLY");
    expect((await plansFor("SGL", 50, 51)).map((p) => p.code)).not.toContain("DBLONLY");
    const refused = await book("SGL", 50, 51, plan.id);
    expect(refused.status, refused.text).toBe(422);
    expect(refused.json.errors[0].field).toBe("ratePlanId");
    expect((await book("DBL", 50, 51, plan.id)).status).toBe(201);

    // Opened to every type again.
    const opened = await send("PATCH", `${base()}/rate-plans/${plan.id}`, { roomTypeIds: null });
    expect(opened.status, opened.text).toBe(200);
    expect((await plansFor("SGL", 50, 51)).map((p) => p.code)).toContain("DBLONLY");
  });

  it("a new default takes the mark from the old; every change is audited with before and after", async () => {
    const made = await send("POST", `${base()}/rate-plans`, {
      code: "NEWDEF",
      name: "Best flexible",
      cancellation: "first_night_fee",
      isDefault: true,
    });
    expect(made.status, made.text).toBe(201);
    const list = (await send("GET", `${base()}/rate-plans`)).json.ratePlans as { code: string; isDefault: boolean }[];
    expect(list.filter((plan) => plan.isDefault).map((plan) => plan.code)).toEqual(["NEWDEF"]);
    const back = await send("PATCH", `${base()}/rate-plans/${hotel.ratePlanId}`, {
      isDefault: true,
      name: "Flexible rate",
      cancellationHours: 72,
    });
    expect(back.status, back.text).toBe(200);
    expect(back.json.ratePlan).toMatchObject({ isDefault: true, name: "Flexible rate", cancellationHours: 72 });
    const { rows } = await getPool().query<{ action: string; changes: Record<string, unknown> }>(
      `SELECT action, changes FROM audit_events WHERE entity_type = 'rate_plan' AND entity_id = $1
          AND action = 'rate_plan.changed' ORDER BY occurred_at DESC LIMIT 1`,
      [hotel.ratePlanId],
    );
    expect(rows[0].changes).toMatchObject({ name: ["Flexible", "Flexible rate"], cancellationHours: [null, 72] });
  });

  it("refuses what cannot be: chains of derived plans, a parent elsewhere, hours on another policy, a taken code", async () => {
    const chained = await send("POST", `${base()}/rate-plans`, {
      code: "CHAIN",
      name: "Chain",
      cancellation: "non_refundable",
      derivedFrom: { ratePlanId: saver.id, percent: -5 },
    });
    expect(chained.status).toBe(422);
    expect(chained.json.errors[0].field).toBe("derivedFrom");
    const parentHasChildren = await send("PATCH", `${base()}/rate-plans/${hotel.ratePlanId}`, {
      derivedFrom: { ratePlanId: saver.id, percent: 5 },
    });
    expect(parentHasChildren.status).toBe(422);
    const elsewhere = await send("POST", `${base()}/rate-plans`, {
      code: "ELSE",
      name: "Elsewhere",
      cancellation: "non_refundable",
      derivedFrom: { ratePlanId: otherHotel.ratePlanId, percent: -5 },
    });
    expect(elsewhere.status).toBe(422);
    const typeElsewhere = await send("POST", `${base()}/rate-plans`, {
      code: "ELSE",
      name: "Elsewhere",
      cancellation: "non_refundable",
      roomTypeIds: [otherHotel.roomTypes.DBL.id],
    });
    expect(typeElsewhere.status).toBe(422);
    expect(typeElsewhere.json.errors[0].field).toBe("roomTypeIds");
    const hours = await send("POST", `${base()}/rate-plans`, {
      code: "HOURS",
      name: "Hours",
      cancellation: "non_refundable",
      cancellationHours: 24,
    });
    expect(hours.status).toBe(422);
    expect(hours.json.errors[0].field).toBe("cancellationHours");
    const taken = await send("POST", `${base()}/rate-plans`, {
      code: "SAVER",
      name: "Again",
      cancellation: "free_until",
    });
    expect(taken.status).toBe(422);
    expect(taken.json.errors[0].field).toBe("code");
    for (const body of [
      { code: "X", name: "X", cancellation: "whenever" },
      {
        code: "X",
        name: "X",
        cancellation: "free_until",
        derivedFrom: { ratePlanId: hotel.ratePlanId, percent: 1.234 },
      },
      {
        code: "X",
        name: "X",
        cancellation: "free_until",
        derivedFrom: { ratePlanId: hotel.ratePlanId, percent: -100 },
      },
      { code: "x'; DROP TABLE rate_plans;--", name: "X", cancellation: "free_until" },
      { code: "X", name: "X", cancellation: "free_until", isDefault: false },
    ]) {
      const refused = await send("POST", `${base()}/rate-plans`, body);
      expect(refused.status, JSON.stringify(body)).toBe(422);
      expect(refused.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    }
    expect((await send("PATCH", `${base()}/rate-plans/${randomUUID()}`, { name: "Nobody" })).status).toBe(404);
    expect((await send("PATCH", `${base()}/rate-plans/${otherHotel.ratePlanId}`, { name: "Theirs" })).status).toBe(404);
    expect((await send("GET", `/api/v1/properties/${otherHotel.propertyId}/rate-plans`)).status).toBe(404);
    expect((await send("GET", `${base()}/rate-plans`, undefined, "desk")).status).toBe(403);
  });
});

describe("rooms out of order", () => {
  const outOfOrder = (roomId: string) => `${base()}/rooms/${roomId}/out-of-order`;

  it("is refused while a stay is in the room, naming it; the stay moved, the room goes out of order", async () => {
    const [first, second] = hotel.roomTypes.DBL.roomIds;
    const booked = await send(
      "POST",
      "/api/v1/bookings",
      {
        propertyId: hotel.propertyId,
        roomTypeId: hotel.roomTypes.DBL.id,
        checkIn: hotel.day(70),
        checkOut: hotel.day(72),
        adults: 1,
      },
      "guest",
    );
    expect(booked.status, booked.text).toBe(201);
    const reservation = booked.json.booking.reservations[0];
    const roomOf = reservation.roomId as string;
    const otherRoom = roomOf === first ? second : first;

    const refused = await send("POST", outOfOrder(roomOf), {
      from: hotel.day(69),
      to: hotel.day(75),
      reason: "Water leak",
    });
    expect(refused.status, refused.text).toBe(409);
    expect(refused.json.code).toBe("room_occupied");
    expect(refused.json.stays).toEqual([
      expect.objectContaining({
        reservationId: reservation.id,
        reference: booked.json.booking.reference,
        checkIn: hotel.day(70),
        checkOut: hotel.day(72),
      }),
    ]);

    const moved = await send("POST", `/api/v1/reservations/${reservation.id}/move`, { roomId: otherRoom }, "desk");
    expect(moved.status, moved.text).toBe(200);
    const taken = await send("POST", outOfOrder(roomOf), {
      from: hotel.day(69),
      to: hotel.day(75),
      reason: "Water leak",
    });
    expect(taken.status, taken.text).toBe(201);
    expect(taken.json.block).toMatchObject({
      roomId: roomOf,
      from: hotel.day(69),
      to: hotel.day(75),
      reason: "Water leak",
    });

    // Its nights are gone from searches and bookings; the other room is booked for 70–72 already.
    expect(await availableOf("DBL", 73, 74)).toBe(1);
    expect(await availableOf("DBL", 70, 71)).toBe(0);
    const full = await book("DBL", 70, 71);
    expect(full.status).toBe(409);
    expect(full.json.code).toBe("sold_out");
    // No stay can be moved into it either.
    const into = await send("POST", `/api/v1/reservations/${reservation.id}/move`, { roomId: roomOf }, "desk");
    expect(into.status).toBe(409);

    const overlap = await send("POST", outOfOrder(roomOf), { from: hotel.day(74), to: hotel.day(76), reason: "Paint" });
    expect(overlap.status).toBe(422);
    const rooms = (await send("GET", `${base()}/rooms`)).json.rooms as { id: string; outOfOrderWindows: unknown[] }[];
    expect(rooms.find((room) => room.id === roomOf)!.outOfOrderWindows).toEqual([
      { id: taken.json.block.id, from: hotel.day(69), to: hotel.day(75), reason: "Water leak" },
    ]);

    // Back in service: bookable again; both changes audited.
    const ended = await send("DELETE", `${outOfOrder(roomOf)}/${taken.json.block.id}`);
    expect(ended.status, ended.text).toBe(200);
    expect(await availableOf("DBL", 73, 74)).toBe(2);
    expect((await book("DBL", 70, 71)).status).toBe(201);
    const { rows } = await getPool().query<{ action: string }>(
      `SELECT action FROM audit_events WHERE entity_type = 'room' AND entity_id = $1 ORDER BY occurred_at`,
      [roomOf],
    );
    expect(rows.map((row) => row.action)).toEqual(
      expect.arrayContaining(["room.out_of_order", "room.back_in_service"]),
    );
  });

  it("refuses hostile input and other people", async () => {
    const room = hotel.roomTypes.SGL.roomIds[0];
    for (const body of [
      { from: hotel.day(90), to: hotel.day(90), reason: "x" },
      { from: hotel.day(90), to: hotel.day(91), reason: "" },
      { from: "2026-02-30", to: hotel.day(91), reason: "x" },
      { from: hotel.day(90), to: hotel.day(91), reason: "x".repeat(501) },
      { from: hotel.day(90), to: hotel.day(91), reason: "x", extra: true },
    ]) {
      const refused = await send("POST", outOfOrder(room), body);
      expect(refused.status, JSON.stringify(body)).toBe(422);
    }
    const body = { from: hotel.day(90), to: hotel.day(91), reason: "Inspection" };
    expect((await send("POST", outOfOrder(room), body, "desk")).status).toBe(403);
    expect((await send("POST", outOfOrder(room), body, "otherManager")).status).toBe(404);
    expect((await send("POST", outOfOrder(otherHotel.roomTypes.DBL.roomIds[0]), body)).status).toBe(404);
    expect((await send("POST", outOfOrder("not-a-room"), body)).status).toBe(404);
  });
});

describe("the property's settings", () => {
  it("managers read and change taxes, VAT, contact details and the clock, audited", async () => {
    const url = base();
    const read = await send("GET", url);
    expect(read.status, read.text).toBe(200);
    expect(read.json.property).toMatchObject({
      id: hotel.propertyId,
      timeZone: "Europe/Lisbon",
      currency: "EUR",
      cityTax: { perAdultNight: 0, maxNights: null },
      vat: { percent: 0, included: true },
    });
    const changed = await send("PATCH", url, {
      cityTax: { perAdultNight: 400, maxNights: 7 },
      vat: { percent: 6, included: true },
      contact: { email: "desk@example.com", phone: "+351 21 000 0000" },
      checkInTime: "14:00",
      address: "Rua Augusta 1, Lisboa",
    });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.json.property).toMatchObject({
      cityTax: { perAdultNight: 400, maxNights: 7 },
      vat: { percent: 6, included: true },
      contact: { email: "desk@example.com", phone: "+351 21 000 0000" },
      checkInTime: "14:00",
      checkOutTime: "11:00",
      address: "Rua Augusta 1, Lisboa",
    });
    const { rows } = await getPool().query<{ changes: Record<string, unknown> }>(
      `SELECT changes FROM audit_events WHERE action = 'property.changed' AND entity_id = $1`,
      [hotel.propertyId],
    );
    expect(rows.at(-1)!.changes).toMatchObject({ checkInTime: ["15:00", "14:00"] });

    for (const body of [
      { timeZone: "Mars/Olympus" },
      { checkInTime: "25:00" },
      { vat: { percent: 6.123, included: true } },
      { cityTax: { perAdultNight: -1, maxNights: null } },
      { contact: { email: "not an email", phone: null } },
      { currency: "euro" },
      {},
    ]) {
      const refused = await send("PATCH", url, body);
      expect(refused.status, JSON.stringify(body)).toBe(422);
    }
    // Bookings were made in euros: the currency stays.
    const currency = await send("PATCH", url, { currency: "USD" });
    expect(currency.status).toBe(422);
    expect(currency.json.errors[0].field).toBe("currency");
    expect((await send("PATCH", url, { name: "Theirs" }, "desk")).status).toBe(403);
    expect((await send("GET", url, undefined, "desk")).status).toBe(403);
    expect((await send("PATCH", `/api/v1/properties/${otherHotel.propertyId}`, { name: "Theirs" })).status).toBe(404);
  });
});
