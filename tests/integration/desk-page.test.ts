// The desk page's forms as a browser without JavaScript sends them: a
// walk-in's hold redirects to its panel, a second clerk's hold on the same
// room is refused with the next free rooms, a late confirm is refused with
// the translated hold_expired message and the API's status, a hold is
// extended once and released, and an auditor may not post at all.
import fs from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { getPool } from "../../db/pool.server";
import { apiClient, createAccount, createProperty, webCookie, type ApiCall, type Fixture } from "../helpers";

let call: ApiCall;
let hotel: Fixture;
let desk: string;
let auditor: string;

const french = JSON.parse(fs.readFileSync("public/locales/fr/common.json", "utf8"));

function post(fields: Record<string, string>, options: { cookie?: string; query?: string } = {}) {
  return call("POST", `/desk${options.query ?? ""}`, {
    rawBody: new URLSearchParams(fields).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: options.cookie ?? desk },
  });
}

const holdFields = (roomId: string, from: number) => ({
  intent: "hold",
  roomId,
  checkIn: hotel.day(from),
  checkOut: hotel.day(from + 1),
  adults: "1",
});

const referenceOf = (location: string | null) => new URLSearchParams(location?.split("?")[1]).get("hold");

beforeAll(async () => {
  call = await apiClient();
  hotel = await createProperty({ DBL: { rooms: 3 } });
  desk = await webCookie(call, await createAccount("front_desk", { propertyIds: [hotel.propertyId] }));
  auditor = await webCookie(call, await createAccount("auditor", { propertyIds: [hotel.propertyId] }));
});

describe("the desk page without JavaScript", () => {
  it("holds a room, refuses the same room to a second clerk with the next free rooms, confirms in time", async () => {
    const [first] = hotel.roomTypes.DBL.roomIds;
    const held = await post(holdFields(first, 20));
    expect(held.status, held.text.slice(0, 300)).toBe(302);
    const reference = referenceOf(held.headers.get("location"));
    expect(reference).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);

    const page = await call("GET", `/desk?hold=${reference}`, { headers: { cookie: desk } });
    expect(page.status).toBe(200);
    expect(page.text).toContain(`Hold ${reference}`);

    const loser = await post(holdFields(first, 20));
    expect(loser.status).toBe(409);
    expect(loser.text).toContain("That room is not free for these dates.");
    expect(loser.text).toMatch(/Hold room \d+/);

    const confirmed = await post({
      intent: "confirm",
      reference: reference!,
      fullName: "Nina No-Script",
      documentType: "passport",
      country: "pt",
      number: "P7654321",
    });
    expect(confirmed.status, confirmed.text.slice(0, 300)).toBe(302);
    expect(confirmed.headers.get("location")).toContain(`confirmed=${reference}`);
    const { rows } = await getPool().query(
      `SELECT b.channel, x.status FROM bookings b JOIN reservations x ON x.booking_id = b.id WHERE b.reference = $1`,
      [reference],
    );
    expect(rows).toEqual([{ channel: "front_desk", status: "confirmed" }]);
  });

  it("refuses a late confirm with the translated hold_expired message and 409", async () => {
    const held = await post(holdFields(hotel.roomTypes.DBL.roomIds[1], 22));
    const reference = referenceOf(held.headers.get("location"))!;
    await getPool().query(
      `UPDATE reservations SET hold_expires_at = now() - interval '1 second'
        WHERE booking_id = (SELECT id FROM bookings WHERE reference = $1)`,
      [reference],
    );
    const fields = {
      intent: "confirm",
      reference,
      fullName: "Late Larry",
      documentType: "passport",
      country: "PT",
      number: "P1111111",
    };
    // From the hold's panel, as the browser posts it, and from a page without it.
    for (const query of [`?hold=${reference}`, ""]) {
      const late = await post(fields, { query });
      expect(late.status).toBe(409);
      expect(late.text).toContain("The hold ran out; the room was released.");
    }
    const lateFr = await post(fields, { query: "?lng=fr" });
    expect(lateFr.status).toBe(409);
    expect(lateFr.text).toContain(french.bookingErrors.hold_expired.replaceAll("'", "&#x27;"));
  });

  it("extends a hold once, refuses a second extension, releases it", async () => {
    const held = await post(holdFields(hotel.roomTypes.DBL.roomIds[2], 26));
    const reference = referenceOf(held.headers.get("location"))!;
    const query = `?hold=${reference}`;
    const extended = await post({ intent: "extend", reference }, { query });
    expect(extended.status).toBe(200);
    expect(extended.text).toContain("The hold was extended.");
    const again = await post({ intent: "extend", reference }, { query });
    expect(again.status).toBe(409);
    expect(again.text).toContain("This hold was extended once already; confirm or release it.");
    const released = await post({ intent: "release", reference }, { query });
    expect(released.status).toBe(200);
    const { rows } = await getPool().query(
      `SELECT x.status FROM reservations x JOIN bookings b ON b.id = x.booking_id WHERE b.reference = $1`,
      [reference],
    );
    expect(rows).toEqual([{ status: "cancelled" }]);
  });

  it("answers an auditor's form with 403", async () => {
    const refused = await post(holdFields(hotel.roomTypes.DBL.roomIds[2], 24), { cookie: auditor });
    expect(refused.status).toBe(403);
  });
});
