// POST /desk/outbox: a change the desk made offline, replayed when the
// network returned. Each item runs once per key (a replay whose answer was
// lost changes nothing twice), a walk-in whose room was sold meanwhile is a
// 409 with the next free rooms, and the endpoint answers signed-out, wrong
// role, other property and hostile bodies as JSON, never a 500.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { getPool } from "../../db/pool.server";
import { apiClient, createAccount, createProperty, webCookie, type ApiCall, type Fixture } from "../helpers";

let call: ApiCall;
let hotel: Fixture;
let other: Fixture;
let desk: string;

const send = (body: unknown, cookie: string | null = desk) =>
  call("POST", "/desk/outbox", {
    rawBody: typeof body === "string" ? body : JSON.stringify(body),
    headers: { "content-type": "application/json", ...(cookie ? { cookie } : {}) },
  });

const walkIn = (roomId: string, from: number, fullName = "Olga Offline") => ({
  key: randomUUID(),
  propertyId: hotel.propertyId,
  intent: "walk-in",
  fields: {
    roomId,
    checkIn: hotel.day(from),
    checkOut: hotel.day(from + 1),
    adults: "1",
    fullName,
    documentType: "passport",
    country: "IT",
    number: "YA1234567",
  },
});

beforeAll(async () => {
  call = await apiClient();
  hotel = await createProperty({ DBL: { rooms: 3 } });
  other = await createProperty({ SGL: { rooms: 1 } });
  desk = await webCookie(call, await createAccount("front_desk", { propertyIds: [hotel.propertyId] }));
});

describe("the desk's outbox", () => {
  it("books an offline walk-in once, however often the same item is replayed", async () => {
    const item = walkIn(hotel.roomTypes.DBL.roomIds[0], 30);
    const first = await send(item);
    expect(first.status, first.text).toBe(200);
    const answer = JSON.parse(first.text);
    expect(answer).toMatchObject({
      ok: true,
      intent: "walk-in",
      reference: expect.any(String),
      txid: expect.any(String),
    });
    const again = await send(item);
    expect(again.status, again.text).toBe(200);
    expect(JSON.parse(again.text)).toMatchObject({ ok: true, reference: answer.reference, txid: answer.txid });
    const { rows } = await getPool().query(
      `SELECT b.reference, b.channel, x.status FROM bookings b JOIN reservations x ON x.booking_id = b.id
        WHERE x.room_id = $1 AND x.check_in = $2::date`,
      [item.fields.roomId, item.fields.checkIn],
    );
    expect(rows).toEqual([{ reference: answer.reference, channel: "front_desk", status: "confirmed" }]);
  });

  it("answers two replays of one item racing each other with the same booking", async () => {
    const item = walkIn(hotel.roomTypes.DBL.roomIds[2], 36, "Rita Race");
    const answers = await Promise.all(Array.from({ length: 8 }, () => send(item)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(8).fill(200));
    const references = new Set(answers.map((answer) => JSON.parse(answer.text).reference));
    expect(references.size).toBe(1);
  });

  it("answers a walk-in whose room was sold meanwhile with 409 and the next free rooms of its type", async () => {
    const [taken, ...rest] = hotel.roomTypes.DBL.roomIds;
    expect((await send(walkIn(taken, 32, "First Online"))).status).toBe(200);
    const late = await send(walkIn(taken, 32, "Second Offline"));
    expect(late.status, late.text).toBe(409);
    const answer = JSON.parse(late.text);
    expect(answer.problems.map((p: { key: string }) => p.key)).toContain("bookingErrors.room_unavailable");
    expect(answer.alternatives.map((room: { roomId: string }) => room.roomId).sort()).toEqual([...rest].sort());
  });

  it("checks a guest in once per key, and answers a replay with the first result", async () => {
    const booked = JSON.parse((await send(walkIn(hotel.roomTypes.DBL.roomIds[1], 0, "Carl Checkin"))).text);
    const { rows } = await getPool().query<{ id: string; room_id: string }>(
      `SELECT x.id, x.room_id FROM reservations x JOIN bookings b ON b.id = x.booking_id WHERE b.reference = $1`,
      [booked.reference],
    );
    const clean = {
      key: randomUUID(),
      propertyId: hotel.propertyId,
      intent: "housekeeping",
      fields: { roomId: rows[0].room_id, state: "clean" },
    };
    expect((await send(clean)).status).toBe(200);
    const item = {
      key: randomUUID(),
      propertyId: hotel.propertyId,
      intent: "check-in",
      fields: { reservationId: rows[0].id },
    };
    const first = await send(item);
    expect(first.status, first.text).toBe(200);
    const again = await send(item);
    expect(again.status, again.text).toBe(200);
    expect(JSON.parse(again.text).txid).toBe(JSON.parse(first.text).txid);
    // A new key for the same check-in is a new request, and the stay is in already: nothing changes.
    const twice = await send({ ...item, key: randomUUID() });
    expect(twice.status).toBe(200);
    const { rows: events } = await getPool().query(
      `SELECT count(*)::int AS n FROM audit_events
        WHERE entity_id = $1 AND changes -> 'status' ->> 1 = 'checked_in'`,
      [rows[0].id],
    );
    expect(events).toEqual([{ n: 1 }]);
  });

  it("answers the signed-out, the wrong role and another property's clerk, never with a 500", async () => {
    const item = walkIn(hotel.roomTypes.DBL.roomIds[2], 34);
    expect((await send(item, null)).status).toBe(401);
    const guest = await webCookie(call, await createAccount("guest"));
    expect((await send(item, guest)).status).toBe(403);
    const auditor = await webCookie(call, await createAccount("auditor", { propertyIds: [hotel.propertyId] }));
    expect((await send(item, auditor)).status).toBe(403);
    const elsewhere = await webCookie(call, await createAccount("front_desk", { propertyIds: [other.propertyId] }));
    expect((await send(item, elsewhere)).status).toBe(404);
    expect((await call("GET", "/desk/outbox", { headers: { cookie: desk } })).status).toBe(405);
  });

  it.each([
    ["not JSON", "{"],
    ["no key", { propertyId: randomUUID(), intent: "check-in", fields: {} }],
    ["an unknown intent", { key: randomUUID(), propertyId: randomUUID(), intent: "drop-tables", fields: {} }],
    ["a bad reservation id", { key: randomUUID(), intent: "check-in", fields: { reservationId: "'; --" } }],
    ["an overlong field", { key: randomUUID(), intent: "walk-in", fields: { fullName: "x".repeat(5000) } }],
    ["bad dates", { key: randomUUID(), intent: "walk-in", fields: { checkIn: "tomorrow", checkOut: "2027-02-30" } }],
  ])("refuses %s with a 4xx and the problems", async (_, body) => {
    const withProperty =
      typeof body === "object" && !("propertyId" in body) ? { ...body, propertyId: hotel.propertyId } : body;
    const answer = await send(withProperty);
    expect(answer.status, answer.text).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(answer.headers.get("content-type")).toContain("application/json");
  });
});
