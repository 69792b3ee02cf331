// Room types and rooms as managers set them up (issue 11), through
// GET/POST/PATCH /api/v1/properties/{id}/room-types|rooms: what they create is
// searched and booked at once, a new base rate prices new stays and leaves
// bookings already made alone, every change is audited, and taken codes or
// numbers, wrong ids and hostile input are refused naming the field.
import { beforeAll, describe, expect, it } from "vitest";
import { getPool } from "../../db/pool.server";
import { apiAccounts, apiClient, createProperty, sender, type ApiCall, type Fixture } from "../helpers";

let call: ApiCall;
let hotel: Fixture;
let otherHotel: Fixture;
let tokens: Record<string, string> = {};
let accounts: Record<string, string> = {};

beforeAll(async () => {
  call = await apiClient();
  hotel = await createProperty({ DBL: { rooms: 1, baseRate: 10_000 } });
  otherHotel = await createProperty({ DBL: { rooms: 1 } });
  ({ ids: accounts, tokens } = await apiAccounts(call, {
    guest: { role: "guest" },
    desk: { role: "front_desk", propertyIds: [hotel.propertyId] },
    manager: { role: "manager", propertyIds: [hotel.propertyId] },
    otherManager: { role: "manager", propertyIds: [otherHotel.propertyId] },
  }));
});

const send = (method: string, url: string, body?: unknown, who = "manager") =>
  sender(call, () => tokens, "setup")(method, url, body, who);
const base = () => `/api/v1/properties/${hotel.propertyId}`;

async function search(from: number, to: number) {
  const found = await send(
    "GET",
    `/api/v1/availability?propertyId=${hotel.propertyId}&checkIn=${hotel.day(from)}&checkOut=${hotel.day(to)}&adults=2`,
    undefined,
    "guest",
  );
  expect(found.status, found.text).toBe(200);
  return found.json.roomTypes as { id: string; code: string; available: number; totalPrice: number }[];
}

describe("room types and rooms", () => {
  it("a new room type with a new room is searched and booked at once, in the guest's language too", async () => {
    const created = await send("POST", `${base()}/room-types`, {
      code: "FAM",
      name: "Family room",
      capacity: 4,
      baseRate: 20_000,
      translations: { de: { name: "Familienzimmer" } },
    });
    expect(created.status, created.text).toBe(201);
    const type = created.json.roomType;
    expect(type).toMatchObject({ code: "FAM", name: "Family room", capacity: 4, baseRate: 20_000, sortOrder: 0 });
    expect(created.json.txid).toMatch(/^\d+$/);
    expect((await send("GET", `${base()}/room-types`)).json.roomTypes.map((t: { code: string }) => t.code)).toContain(
      "FAM",
    );
    // No room yet: nothing to book.
    expect((await search(10, 12)).find((t) => t.code === "FAM")?.available).toBe(0);

    const room = await send("POST", `${base()}/rooms`, {
      number: "401",
      floor: 4,
      roomTypeId: type.id,
      accessibility: ["step_free"],
    });
    expect(room.status, room.text).toBe(201);
    expect(room.json.room).toMatchObject({
      number: "401",
      floor: 4,
      roomTypeId: type.id,
      accessibility: ["step_free"],
    });
    expect((await send("GET", `${base()}/rooms`)).json.rooms.map((r: { number: string }) => r.number)).toContain("401");
    expect((await search(10, 12)).find((t) => t.code === "FAM")).toMatchObject({ available: 1, totalPrice: 40_000 });

    const booked = await send(
      "POST",
      "/api/v1/bookings",
      { propertyId: hotel.propertyId, roomTypeId: type.id, checkIn: hotel.day(10), checkOut: hotel.day(12), adults: 4 },
      "guest",
    );
    expect(booked.status, booked.text).toBe(201);
    expect(booked.json.booking.reservations[0].roomNumber).toBe("401");
    expect(booked.json.booking.totalPrice).toBe(40_000);

    // A new base rate prices new stays; the booking keeps what it was sold for.
    const patched = await send("PATCH", `${base()}/room-types/${type.id}`, { baseRate: 25_000, sortOrder: 5 });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.json.roomType).toMatchObject({ baseRate: 25_000, sortOrder: 5, code: "FAM" });
    expect((await search(20, 21)).find((t) => t.code === "FAM")?.totalPrice).toBe(25_000);
    const kept = await send("GET", `/api/v1/bookings/${booked.json.booking.reference}`, undefined, "guest");
    expect(kept.json.booking.totalPrice).toBe(40_000);

    const german = await call(
      "GET",
      `/?propertyId=${hotel.propertyId}&checkIn=${hotel.day(20)}&checkOut=${hotel.day(21)}&adults=2&lng=de`,
    );
    expect(german.text).toContain("Familienzimmer");
  });

  it("changes a room's number, floor and features, and audits every change as the manager", async () => {
    const roomId = hotel.roomTypes.DBL.roomIds[0];
    const changed = await send("PATCH", `${base()}/rooms/${roomId}`, { number: "101A", accessibility: ["grab_bars"] });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.json.room).toMatchObject({ id: roomId, number: "101A", accessibility: ["grab_bars"] });
    const { rows } = await getPool().query<{ actor: string; action: string; changes: Record<string, unknown> }>(
      `SELECT actor, action, changes FROM audit_events WHERE entity_id = $1 AND action = 'room.changed' ORDER BY id DESC`,
      [roomId],
    );
    expect(rows[0]).toMatchObject({ actor: `account:${accounts.manager}`, action: "room.changed" });
    expect(rows[0].changes.number).toEqual([expect.any(String), "101A"]);
  });

  it("refuses taken codes and numbers, wrong ids and hostile input, naming the field", async () => {
    const cases: [string, string, unknown, number, string][] = [
      ["POST", `${base()}/room-types`, { code: "DBL", name: "Again", capacity: 2, baseRate: 1 }, 422, "code"],
      ["POST", `${base()}/room-types`, { code: "dbl x", name: "Bad", capacity: 2, baseRate: 1 }, 422, "code"],
      ["POST", `${base()}/room-types`, { code: "BIG", name: "Big", capacity: 13, baseRate: 1 }, 422, "capacity"],
      ["POST", `${base()}/room-types`, { code: "NEG", name: "Neg", capacity: 2, baseRate: -5 }, 422, "baseRate"],
      [
        "POST",
        `${base()}/room-types`,
        { code: "LNG", name: "Lang", capacity: 2, baseRate: 1, translations: { xx: { name: "?" } } },
        422,
        "xx",
      ],
      ["POST", `${base()}/rooms`, { number: "101A", floor: 1, roomTypeId: hotel.roomTypes.DBL.id }, 422, "number"],
      [
        "POST",
        `${base()}/rooms`,
        { number: "999", floor: 9, roomTypeId: otherHotel.roomTypes.DBL.id },
        422,
        "roomTypeId",
      ],
      [
        "POST",
        `${base()}/rooms`,
        { number: "998", floor: 9, roomTypeId: hotel.roomTypes.DBL.id, accessibility: ["jetpack"] },
        422,
        "accessibility",
      ],
      ["PATCH", `${base()}/rooms/${hotel.roomTypes.DBL.roomIds[0]}`, {}, 422, "body"],
      [
        "PATCH",
        `${base()}/rooms/${hotel.roomTypes.DBL.roomIds[0]}`,
        { roomTypeId: hotel.roomTypes.DBL.id },
        422,
        "roomTypeId",
      ],
      ["PATCH", `${base()}/room-types/${hotel.roomTypes.DBL.id}`, { code: "NEW" }, 422, "code"],
    ];
    for (const [method, url, body, status, field] of cases) {
      const refused = await send(method, url, body);
      expect(refused.status, `${JSON.stringify(body)}: ${refused.text}`).toBe(status);
      expect(refused.json.errors.map((e: { field: string }) => e.field).join(" "), JSON.stringify(body)).toContain(
        field,
      );
    }
    expect((await send("PATCH", `${base()}/rooms/${otherHotel.roomTypes.DBL.roomIds[0]}`, { floor: 2 })).status).toBe(
      404,
    );
    expect((await send("PATCH", `${base()}/rooms/not-an-id`, { floor: 2 })).status).toBe(404);
    expect((await send("PATCH", `${base()}/room-types/${otherHotel.roomTypes.DBL.id}`, { name: "X" })).status).toBe(
      404,
    );
  });

  it("is for the property's managers and admins only", async () => {
    for (const who of ["desk", "guest"]) {
      expect((await send("GET", `${base()}/rooms`, undefined, who)).status, who).toBe(403);
      expect(
        (await send("POST", `${base()}/room-types`, { code: "Z", name: "Z", capacity: 1, baseRate: 1 }, who)).status,
      ).toBe(403);
    }
    expect((await send("GET", `${base()}/room-types`, undefined, "otherManager")).status).toBe(404);
    expect((await call("GET", `${base()}/rooms`)).status).toBe(401);
  });
});
