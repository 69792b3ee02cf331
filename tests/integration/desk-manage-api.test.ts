// The desk's management and a stay's new dates through the JSON API (issue
// 10): a property's hold duration (managers and admins), a guest in house
// staying longer or leaving earlier, the night audit's no-show step run by a
// manager, and the scheduled night audit on several instances at once; then
// the same through the desk page's forms without JavaScript, and the rack's
// pages. Through the built app's handler, as a desk client sees it.
import { beforeAll, describe, expect, it } from "vitest";
import { runDueNightAudits } from "../../app/booking/house.server";
import { getPool } from "../../db/pool.server";
import {
  apiClient,
  apiToken,
  createAccount,
  createProperty,
  overlappingReservations,
  webCookie,
  type ApiCall,
  type Fixture,
} from "../helpers";

let call: ApiCall;
let hotel: Fixture;
let otherHotel: Fixture;
const tokens: Record<string, string> = {};
const accounts: Record<string, string> = {};
const cookies: Record<string, string> = {};

beforeAll(async () => {
  call = await apiClient();
  hotel = await createProperty({ DBL: { rooms: 8 }, INH: { rooms: 4 } });
  otherHotel = await createProperty({ DBL: { rooms: 1 } });
  for (const [name, role, propertyIds] of [
    ["guest", "guest", []],
    ["desk", "front_desk", [hotel.propertyId]],
    ["manager", "manager", [hotel.propertyId]],
    ["admin", "admin", [hotel.propertyId]],
    ["auditor", "auditor", [hotel.propertyId]],
    ["otherManager", "manager", [otherHotel.propertyId]],
  ] as const) {
    const account = await createAccount(role, { propertyIds: [...propertyIds] });
    accounts[name] = account.id;
    tokens[name] = await apiToken(call, account);
    if (name === "desk" || name === "manager" || name === "admin") cookies[name] = await webCookie(call, account);
  }
});

let keyCounter = 0;
const newKey = () => `manage-${Date.now()}-${++keyCounter}`;
const inh = (i: number) => hotel.roomTypes.INH.roomIds[i];

const send = (method: string, url: string, body?: unknown, who = "desk") =>
  call(method, url, { token: tokens[who], body, headers: { "idempotency-key": newKey() } });

/** A walk-in confirmed with an identity check in a named room: its reference and reservation. */
async function walkIn(roomId: string, from: number, to: number) {
  const held = await send("POST", "/api/v1/holds", {
    propertyId: hotel.propertyId,
    roomId,
    checkIn: hotel.day(from),
    checkOut: hotel.day(to),
    adults: 1,
  });
  expect(held.status, held.text).toBe(201);
  const reference = held.json.booking.reference as string;
  const confirmed = await send("POST", `/api/v1/bookings/${reference}/confirm`, {
    guest: { fullName: "Stay Guest" },
    identity: { documentType: "passport", country: "PT", number: "P7654321" },
  });
  expect(confirmed.status, confirmed.text).toBe(200);
  return { reference, reservationId: confirmed.json.booking.reservations[0].id as string };
}

/** A guest in house since today in a named room until `to` days ahead. */
async function inHouse(roomId: string, to: number) {
  const stay = await walkIn(roomId, 0, to);
  await getPool().query(`UPDATE rooms SET housekeeping_status = 'clean' WHERE id = $1`, [roomId]);
  const checkedIn = await send("POST", `/api/v1/reservations/${stay.reservationId}/check-in`);
  expect(checkedIn.status, checkedIn.text).toBe(200);
  return stay;
}

const statusOf = async (reservationId: string) =>
  (await getPool().query<{ status: string }>(`SELECT status FROM reservations WHERE id = $1`, [reservationId])).rows[0]
    .status;

describe("PATCH /api/v1/properties/{id}: the hold duration", () => {
  it("managers and admins of the property set it, audited; the next hold lasts that long", async () => {
    const url = `/api/v1/properties/${hotel.propertyId}`;
    const set = await send("PATCH", url, { holdMinutes: 3 }, "manager");
    expect(set.status, set.text).toBe(200);
    expect(set.json.property).toEqual({ id: hotel.propertyId, holdMinutes: 3 });
    expect(set.json.txid).toMatch(/^\d+$/);
    const { rows } = await getPool().query(
      `SELECT actor, channel, changes FROM audit_events WHERE action = 'property.hold_minutes' AND entity_id = $1`,
      [hotel.propertyId],
    );
    expect(rows).toEqual([
      { actor: `account:${accounts.manager}`, channel: "front_desk", changes: { hold_minutes: [10, 3] } },
    ]);

    const before = Date.now();
    const held = await send("POST", "/api/v1/holds", {
      propertyId: hotel.propertyId,
      roomTypeId: hotel.roomTypes.DBL.id,
      checkIn: hotel.day(30),
      checkOut: hotel.day(31),
      adults: 1,
    });
    expect(held.status, held.text).toBe(201);
    const lasts = Date.parse(held.json.booking.reservations[0].holdExpiresAt) - before;
    expect(lasts).toBeGreaterThan(2.5 * 60_000);
    expect(lasts).toBeLessThan(3.5 * 60_000);

    const admin = await send("PATCH", url, { holdMinutes: 10 }, "admin");
    expect(admin.status, admin.text).toBe(200);
    expect(admin.json.property.holdMinutes).toBe(10);
  });

  it("refuses the front desk, guests and auditors (403), other properties and unknown ids (404)", async () => {
    const url = `/api/v1/properties/${hotel.propertyId}`;
    for (const who of ["desk", "guest", "auditor"]) {
      const refused = await send("PATCH", url, { holdMinutes: 5 }, who);
      expect(refused.status, `${who}: ${refused.text}`).toBe(403);
      expect(refused.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    }
    const other = await send("PATCH", url, { holdMinutes: 5 }, "otherManager");
    expect(other.status).toBe(404);
    expect(other.json.code).toBe("property_not_found");
    expect(
      (await send("PATCH", "/api/v1/properties/00000000-0000-4000-8000-000000000000", { holdMinutes: 5 }, "manager"))
        .status,
    ).toBe(404);
    expect((await send("PATCH", "/api/v1/properties/not-an-id", { holdMinutes: 5 }, "manager")).status).toBe(404);
    expect((await call("PATCH", url, { body: { holdMinutes: 5 } })).status).toBe(401);
    expect((await send("DELETE", url, undefined, "manager")).status).toBe(405);
    const { rows } = await getPool().query(`SELECT hold_minutes FROM properties WHERE id = $1`, [hotel.propertyId]);
    expect(rows[0].hold_minutes).toBe(10);
  });

  it("answers a bad duration with a translated 422, never a 500", async () => {
    const url = `/api/v1/properties/${hotel.propertyId}`;
    for (const body of [
      { holdMinutes: 0 },
      { holdMinutes: 241 },
      { holdMinutes: 1.5 },
      { holdMinutes: "10" },
      { holdMinutes: null },
      {},
      { holdMinutes: 10, nickname: "Renamed" },
      [10],
    ]) {
      const response = await send("PATCH", url, body, "manager");
      expect(response.status, `${JSON.stringify(body)}: ${response.text}`).toBe(422);
      expect(response.json.code).toBe("validation_failed");
    }
    const german = await call("PATCH", url, {
      token: tokens.manager,
      body: { holdMinutes: 0 },
      headers: { "accept-language": "de" },
    });
    expect(german.status).toBe(422);
    expect(german.headers.get("content-language")).toBe("de");
  });
});

describe("POST /api/v1/bookings/{reference}/change-dates for a guest in house", () => {
  it("extends and shortens the stay in the guest's own room, re-priced and audited", async () => {
    const stay = await inHouse(inh(0), 2);
    const longer = await send("POST", `/api/v1/bookings/${stay.reference}/change-dates`, {
      checkIn: hotel.day(0),
      checkOut: hotel.day(4),
    });
    expect(longer.status, longer.text).toBe(200);
    const reservation = longer.json.booking.reservations[0];
    expect(reservation).toMatchObject({ checkOut: hotel.day(4), roomId: inh(0), status: "checked_in" });
    expect(reservation.price).toBe(4 * hotel.roomTypes.INH.baseRate);
    expect(longer.json.txid).toMatch(/^\d+$/);
    const { rows } = await getPool().query(
      `SELECT actor, changes FROM audit_events WHERE action = 'reservation.changed' AND entity_id = $1`,
      [stay.reservationId],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].actor).toBe(`account:${accounts.desk}`);
    expect(rows[0].changes.check_out).toEqual([hotel.day(2), hotel.day(4)]);

    const shorter = await send(
      "POST",
      `/api/v1/bookings/${stay.reference}/change-dates`,
      { checkIn: hotel.day(0), checkOut: hotel.day(1) },
      "manager",
    );
    expect(shorter.status, shorter.text).toBe(200);
    expect(shorter.json.booking.reservations[0].checkOut).toBe(hotel.day(1));
    expect(shorter.json.booking.reservations[0].price).toBe(hotel.roomTypes.INH.baseRate);
  });

  it("keeps the arrival and leaves no earlier than tomorrow (422)", async () => {
    const stay = await inHouse(inh(1), 2);
    const url = `/api/v1/bookings/${stay.reference}/change-dates`;
    const today = await send("POST", url, { checkIn: hotel.day(0), checkOut: hotel.day(0) });
    expect(today.status).toBe(422);
    const moved = await send("POST", url, { checkIn: hotel.day(1), checkOut: hotel.day(3) });
    expect(moved.status).toBe(422);
    expect(moved.json.code).toBe("invalid_stay");
    expect(moved.json.errors[0].field).toBe("checkIn");
    // Back-dated arrival (the guest came yesterday): tomorrow is still the earliest departure.
    await getPool().query(`UPDATE reservations SET check_in = $2 WHERE id = $1`, [stay.reservationId, hotel.day(-1)]);
    const leaveToday = await send("POST", url, { checkIn: hotel.day(-1), checkOut: hotel.day(0) });
    expect(leaveToday.status).toBe(422);
    expect(leaveToday.json.errors[0].field).toBe("checkOut");
    const fine = await send("POST", url, { checkIn: hotel.day(-1), checkOut: hotel.day(1) });
    expect(fine.status, fine.text).toBe(200);
  });

  it("answers room_unavailable with the next free rooms when the room is taken for the new nights", async () => {
    const stay = await inHouse(inh(2), 2);
    const next = await walkIn(inh(2), 3, 5);
    const taken = await send("POST", `/api/v1/bookings/${stay.reference}/change-dates`, {
      checkIn: hotel.day(0),
      checkOut: hotel.day(4),
    });
    expect(taken.status, taken.text).toBe(409);
    expect(taken.json.code).toBe("room_unavailable");
    expect(taken.json.alternatives.length).toBeGreaterThan(0);
    for (const room of taken.json.alternatives) expect(room.roomId).not.toBe(inh(2));
    // Up to the next guest's arrival is fine.
    const upTo = await send("POST", `/api/v1/bookings/${stay.reference}/change-dates`, {
      checkIn: hotel.day(0),
      checkOut: hotel.day(3),
    });
    expect(upTo.status, upTo.text).toBe(200);
    expect(await statusOf(next.reservationId)).toBe("confirmed");
    expect(await overlappingReservations(hotel.propertyId)).toBe(0);
  });

  it("is staff's: the guest who booked cannot change a stay under way (409), auditors never (403)", async () => {
    const guest = await createAccount("guest");
    const guestToken = await apiToken(call, guest);
    const booked = await call("POST", "/api/v1/bookings", {
      token: guestToken,
      headers: { "idempotency-key": newKey() },
      body: { ...hotel.stay("INH", 0, 2), guest: { fullName: "Own Guest" }, channel: undefined },
    });
    expect(booked.status, booked.text).toBe(201);
    const { reference } = booked.json.booking;
    const reservationId = booked.json.booking.reservations[0].id;
    const recorded = await send("POST", `/api/v1/reservations/${reservationId}/identity-check`, {
      documentType: "passport",
      issuingCountry: "PT",
      number: "P1111111",
    });
    expect(recorded.status, recorded.text).toBe(201);
    await getPool().query(`UPDATE rooms SET housekeeping_status = 'clean' WHERE id = $1`, [
      booked.json.booking.reservations[0].roomId,
    ]);
    expect((await send("POST", `/api/v1/reservations/${reservationId}/check-in`)).status).toBe(200);
    const body = { checkIn: hotel.day(0), checkOut: hotel.day(3) };
    const own = await call("POST", `/api/v1/bookings/${reference}/change-dates`, { token: guestToken, body });
    expect(own.status).toBe(409);
    expect(own.json.code).toBe("invalid_transition");
    expect((await send("POST", `/api/v1/bookings/${reference}/change-dates`, body, "auditor")).status).toBe(403);
    expect((await send("POST", `/api/v1/bookings/${reference}/change-dates`, body, "otherManager")).status).toBe(404);
    const admin = await send("POST", `/api/v1/bookings/${reference}/change-dates`, body, "admin");
    expect(admin.status, admin.text).toBe(200);
  });
});

describe("POST /api/v1/properties/{id}/night-audit", () => {
  it("marks every confirmed stay whose arrival day is over as a no-show, in one audited transaction", async () => {
    const yesterday = await walkIn(hotel.roomTypes.DBL.roomIds[0], 0, 2);
    const lastWeek = await walkIn(hotel.roomTypes.DBL.roomIds[1], 0, 1);
    const today = await walkIn(hotel.roomTypes.DBL.roomIds[2], 0, 1);
    const arrived = await inHouse(hotel.roomTypes.DBL.roomIds[3], 1);
    await getPool().query(`UPDATE reservations SET check_in = $2 WHERE id = $1`, [
      yesterday.reservationId,
      hotel.day(-1),
    ]);
    await getPool().query(`UPDATE reservations SET check_in = $2, check_out = $3 WHERE id = $1`, [
      lastWeek.reservationId,
      hotel.day(-7),
      hotel.day(-5),
    ]);
    await getPool().query(`UPDATE reservations SET check_in = $2 WHERE id = $1`, [
      arrived.reservationId,
      hotel.day(-1),
    ]);

    const response = await send("POST", `/api/v1/properties/${hotel.propertyId}/night-audit`, undefined, "manager");
    expect(response.status, response.text).toBe(200);
    expect(response.json.noShows).toEqual([yesterday.reservationId, lastWeek.reservationId].sort());
    expect(response.json.txid).toMatch(/^\d+$/);
    expect(await statusOf(yesterday.reservationId)).toBe("no_show");
    expect(await statusOf(lastWeek.reservationId)).toBe("no_show");
    expect(await statusOf(today.reservationId)).toBe("confirmed");
    expect(await statusOf(arrived.reservationId)).toBe("checked_in");
    const { rows } = await getPool().query(
      `SELECT DISTINCT actor, txid::text FROM audit_events WHERE action = 'reservation.no_show' AND entity_id = ANY($1)`,
      [response.json.noShows],
    );
    expect(rows).toEqual([{ actor: `account:${accounts.manager}`, txid: expect.any(String) }]);

    const again = await send("POST", `/api/v1/properties/${hotel.propertyId}/night-audit`, undefined, "admin");
    expect(again.status, again.text).toBe(200);
    expect(again.json.noShows).toEqual([]);
  });

  it("is for managers and admins of the property: 403 to the front desk, guests and auditors, 404 elsewhere", async () => {
    const url = `/api/v1/properties/${hotel.propertyId}/night-audit`;
    for (const who of ["desk", "guest", "auditor"]) {
      expect((await send("POST", url, undefined, who)).status, who).toBe(403);
    }
    expect((await send("POST", url, undefined, "otherManager")).status).toBe(404);
    expect(
      (await send("POST", "/api/v1/properties/00000000-0000-4000-8000-000000000000/night-audit", undefined, "manager"))
        .status,
    ).toBe(404);
    expect((await send("POST", "/api/v1/properties/%27%20OR%201%3D1/night-audit", undefined, "manager")).status).toBe(
      404,
    );
    expect((await send("GET", url, undefined, "manager")).status).toBe(405);
  });
});

describe("the scheduled night audit", () => {
  it("runs once per property and local day, as system:night-audit, even on several instances at once", async () => {
    const quiet = await createProperty({ DBL: { rooms: 2 } });
    const desk = await createAccount("front_desk", { propertyIds: [quiet.propertyId] });
    const deskToken = await apiToken(call, desk);
    const held = await call("POST", "/api/v1/holds", {
      token: deskToken,
      headers: { "idempotency-key": newKey() },
      body: { ...quiet.stay("DBL", 0, 2), channel: undefined },
    });
    const confirmed = await call("POST", `/api/v1/bookings/${held.json.booking.reference}/confirm`, {
      token: deskToken,
      headers: { "idempotency-key": newKey() },
      body: { guest: { fullName: "Never Came" } },
    });
    expect(confirmed.status, confirmed.text).toBe(200);
    const reservationId = confirmed.json.booking.reservations[0].id as string;
    await getPool().query(`UPDATE reservations SET check_in = $2 WHERE id = $1`, [reservationId, quiet.day(-1)]);

    // Before the hour (24:00 never comes): nothing runs.
    expect(await runDueNightAudits({ id: "system:night-audit", channel: "system" }, 24)).toEqual([]);
    expect(await statusOf(reservationId)).toBe("confirmed");

    // Past the hour, three instances at once: each property's day is run exactly once.
    const actor = { id: "system:night-audit", channel: "system" } as const;
    const runs = (await Promise.all([0, 1, 2].map(() => runDueNightAudits(actor, 0)))).flat();
    const ours = runs.filter((run) => run.propertyId === quiet.propertyId);
    expect(ours).toEqual([{ propertyId: quiet.propertyId, businessDate: quiet.day(0), noShows: [reservationId] }]);
    expect(new Set(runs.map((run) => run.propertyId)).size).toBe(runs.length);
    expect(await statusOf(reservationId)).toBe("no_show");
    const { rows } = await getPool().query(
      `SELECT actor, channel FROM audit_events WHERE action = 'reservation.no_show' AND entity_id = $1`,
      [reservationId],
    );
    expect(rows).toEqual([{ actor: "system:night-audit", channel: "system" }]);
    const { rows: recorded } = await getPool().query(
      `SELECT to_char(business_date, 'YYYY-MM-DD') AS day, no_shows FROM night_audit_runs WHERE property_id = $1`,
      [quiet.propertyId],
    );
    expect(recorded).toEqual([{ day: quiet.day(0), no_shows: 1 }]);

    // The same day again: already done.
    const later = await runDueNightAudits(actor, 0);
    expect(later.filter((run) => run.propertyId === quiet.propertyId)).toEqual([]);
  });
});

describe("the desk page", () => {
  const form = (who: string, fields: Record<string, string>) =>
    call("POST", "/desk", {
      rawBody: new URLSearchParams(fields).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookies[who] },
    });
  const page = (who: string, query = "") => call("GET", `/desk${query}`, { headers: { cookie: cookies[who] } });

  it("shows managers and admins the hold duration and the night audit, not the front desk", async () => {
    const clerk = await page("desk");
    expect(clerk.status).toBe(200);
    expect(clerk.text).not.toContain("Hold duration, minutes");
    for (const who of ["manager", "admin"]) {
      const response = await page(who, "?nightAudit=confirm");
      expect(response.status, who).toBe(200);
      expect(response.text).toContain("Hold duration, minutes");
      expect(response.text).toContain("Mark the no-shows");
    }
    // An admin works the desk: the identity check is theirs too.
    expect((await form("admin", { intent: "identity" })).status).toBe(422);
  });

  it("sets the hold duration and runs the night audit from their forms; the front desk gets 403", async () => {
    expect((await form("desk", { intent: "hold-minutes", holdMinutes: "5" })).status).toBe(403);
    expect((await form("desk", { intent: "night-audit" })).status).toBe(403);
    const bad = await form("manager", { intent: "hold-minutes", holdMinutes: "0" });
    expect(bad.status).toBe(422);
    const saved = await form("manager", { intent: "hold-minutes", holdMinutes: "7" });
    expect(saved.status, saved.text.slice(0, 300)).toBe(200);
    expect((await page("desk")).text).toContain("Hold duration: 7 min.");
    await form("manager", { intent: "hold-minutes", holdMinutes: "10" });

    const missed = await walkIn(hotel.roomTypes.DBL.roomIds[4], 0, 2);
    await getPool().query(`UPDATE reservations SET check_in = $2 WHERE id = $1`, [missed.reservationId, hotel.day(-1)]);
    const audited = await form("manager", { intent: "night-audit" });
    expect(audited.status, audited.text.slice(0, 300)).toBe(200);
    expect(audited.text).toContain("Marked as no-show: 1.");
    expect(await statusOf(missed.reservationId)).toBe("no_show");
  });

  it("changes a stay's departure from the stay panel; a taken room is refused with the next free rooms", async () => {
    const stay = await walkIn(hotel.roomTypes.DBL.roomIds[5], 60, 62);
    const later = await form("desk", {
      intent: "change-dates",
      reservationId: stay.reservationId,
      checkOut: hotel.day(64),
    });
    expect(later.status, later.text.slice(0, 300)).toBe(200);
    const { rows } = await getPool().query(
      `SELECT to_char(check_out, 'YYYY-MM-DD') AS d FROM reservations WHERE id = $1`,
      [stay.reservationId],
    );
    expect(rows[0].d).toBe(hotel.day(64));
    // In house: the room taken the next night answers room_unavailable, with the next free rooms named.
    const guest = await inHouse(hotel.roomTypes.DBL.roomIds[6], 1);
    await walkIn(hotel.roomTypes.DBL.roomIds[6], 1, 2);
    const taken = await form("desk", {
      intent: "change-dates",
      reservationId: guest.reservationId,
      checkOut: hotel.day(2),
    });
    expect(taken.status).toBe(409);
    expect(taken.text).toContain("That room is not free for these dates.");
    expect(taken.text).toMatch(/Next free rooms of that type: \d+/);
    const nasty = await form("desk", {
      intent: "change-dates",
      reservationId: stay.reservationId,
      checkOut: "'; DROP",
    });
    expect(nasty.status).toBe(422);
    const elsewhere = await form("desk", {
      intent: "change-dates",
      reservationId: "00000000-0000-4000-8000-000000000000",
      checkOut: hotel.day(64),
    });
    expect(elsewhere.status).toBe(404);
  });

  it("pages the rack by ?from=, and falls back to two days back on anything else, never a 500", async () => {
    const week = await page("desk", `?from=${hotel.day(7)}`);
    expect(week.status).toBe(200);
    expect(week.text).toContain(`data-night="${hotel.day(7)}"`);
    expect(week.text).toContain(`data-night="${hotel.day(21)}"`);
    expect(week.text).not.toContain(`data-night="${hotel.day(22)}"`);
    expect(week.text).not.toContain(`data-night="${hotel.day(6)}"`);
    for (const bad of ["2026-02-30", "tomorrow", "9999-01-01", "0001-01-01", "'; DROP TABLE rooms; --", "%00", ""]) {
      const response = await page("desk", `?from=${encodeURIComponent(bad)}`);
      expect(response.status, bad).toBe(200);
      expect(response.text, bad).toContain(`data-night="${hotel.day(-2)}"`);
      expect(response.text, bad).not.toContain(`data-night="${hotel.day(-3)}"`);
    }
  });
});
