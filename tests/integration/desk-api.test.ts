// The front desk's JSON API (issue 10) against the real database: holds for
// walk-ins and their deadline, confirmation with the guest and the identity
// check, release and the one extension, check-in rules, room moves,
// check-out, no-shows and housekeeping; two clerks racing for one room; and
// idempotent replays. Through the built app's handler, as a desk client sees it.
import { beforeAll, describe, expect, it } from "vitest";
import { expireOverdueHolds } from "../../app/booking/booking.server";
import { getPool } from "../../db/pool.server";
import {
  apiClient,
  apiToken,
  createAccount,
  createProperty,
  overlappingReservations,
  type ApiCall,
  type Fixture,
} from "../helpers";

let call: ApiCall;
let hotel: Fixture;
let otherHotel: Fixture;
const tokens: Record<string, string> = {};
const accounts: Record<string, string> = {};

beforeAll(async () => {
  call = await apiClient();
  hotel = await createProperty({ DBL: { rooms: 12 }, STE: { rooms: 1, capacity: 1 }, INH: { rooms: 3 } });
  otherHotel = await createProperty({ DBL: { rooms: 1 } });
  for (const [name, role, propertyIds] of [
    ["guest", "guest", []],
    ["desk", "front_desk", [hotel.propertyId]],
    ["desk2", "front_desk", [hotel.propertyId]],
    ["manager", "manager", [hotel.propertyId]],
    ["otherDesk", "front_desk", [otherHotel.propertyId]],
    ["auditor", "auditor", [hotel.propertyId]],
  ] as const) {
    const account = await createAccount(role, { propertyIds: [...propertyIds] });
    accounts[name] = account.id;
    tokens[name] = await apiToken(call, account);
  }
});

let keyCounter = 0;
const newKey = () => `desk-${Date.now()}-${++keyCounter}`;
const dbl = (i: number) => hotel.roomTypes.DBL.roomIds[i];
/** The rooms only the in-house test uses. */
const inh = (i: number) => hotel.roomTypes.INH.roomIds[i];

const post = (url: string, body?: unknown, options: { who?: string; key?: string | null } = {}) =>
  call("POST", url, {
    token: tokens[options.who ?? "desk"],
    body,
    headers: options.key === null ? {} : { "idempotency-key": options.key ?? newKey() },
  });

const holdBody = (overrides: Record<string, unknown> = {}) => ({
  propertyId: hotel.propertyId,
  roomTypeId: hotel.roomTypes.DBL.id,
  checkIn: hotel.day(0),
  checkOut: hotel.day(2),
  adults: 1,
  ...overrides,
});

type BookingJson = {
  reference: string;
  status: string;
  channel: string;
  reservations: { id: string; roomId: string; roomNumber: string; status: string; holdExpiresAt: string | null }[];
};

async function placeHold(overrides: Record<string, unknown> = {}): Promise<BookingJson> {
  const response = await post("/api/v1/holds", holdBody(overrides));
  expect(response.status, response.text).toBe(201);
  return response.json.booking;
}

const confirmBody = (withIdentity = true) => ({
  guest: { fullName: "Walk-in Guest", email: "walkin@example.test" },
  ...(withIdentity ? { identity: { documentType: "passport", country: "pt", number: "P1234567" } } : {}),
});

/** A walk-in confirmed with an identity check: the booking and its one reservation. */
async function walkIn(overrides: Record<string, unknown> = {}, withIdentity = true) {
  const held = await placeHold(overrides);
  const confirmed = await post(`/api/v1/bookings/${held.reference}/confirm`, confirmBody(withIdentity));
  expect(confirmed.status, confirmed.text).toBe(200);
  return {
    reference: held.reference,
    reservation: confirmed.json.booking.reservations[0] as BookingJson["reservations"][0],
  };
}

const overdue = (reference: string) =>
  getPool().query(
    `UPDATE reservations SET hold_expires_at = now() - interval '1 second'
      WHERE booking_id = (SELECT id FROM bookings WHERE reference = $1)`,
    [reference],
  );

const housekeepingOf = async (roomId: string) =>
  (await getPool().query<{ s: string }>(`SELECT housekeeping_status AS s FROM rooms WHERE id = $1`, [roomId])).rows[0]
    .s;

describe("POST /api/v1/holds", () => {
  it("holds a room of the type for the property's hold duration, on the front desk channel under the clerk", async () => {
    const before = Date.now();
    const response = await post("/api/v1/holds", holdBody());
    expect(response.status, response.text).toBe(201);
    const { booking, txid } = response.json;
    expect(booking.status).toBe("held");
    expect(booking.channel).toBe("front_desk");
    expect(txid).toMatch(/^\d+$/);
    const expires = Date.parse(booking.reservations[0].holdExpiresAt);
    expect(expires - before).toBeGreaterThan(9 * 60_000);
    expect(expires - before).toBeLessThan(11 * 60_000);
    expect(booking.reservations[0].roomNumber).toMatch(/^\d+$/);
    const { rows } = await getPool().query(
      `SELECT b.account_id, e.actor, e.channel FROM bookings b JOIN audit_events e ON e.booking_id = b.id
        WHERE b.reference = $1 AND e.action = 'reservation.created'`,
      [booking.reference],
    );
    expect(rows).toEqual([{ account_id: null, actor: `account:${accounts.desk}`, channel: "front_desk" }]);
  });

  it("holds a named room; the same key replays the first result, another body with it is 422", async () => {
    const key = newKey();
    const body = holdBody({ roomTypeId: undefined, roomId: dbl(5), checkIn: hotel.day(20), checkOut: hotel.day(21) });
    const first = await post("/api/v1/holds", body, { key });
    expect(first.status, first.text).toBe(201);
    expect(first.json.booking.reservations[0].roomId).toBe(dbl(5));
    const again = await post("/api/v1/holds", body, { key });
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.json).toEqual(first.json);
    const other = await post("/api/v1/holds", { ...body, adults: 2 }, { key });
    expect(other.status).toBe(422);
    expect(other.json.code).toBe("idempotency_mismatch");
    // Other tests of this file may put their own stays in the same room on other nights: count this stay's.
    const { rows } = await getPool().query(
      `SELECT count(*)::int AS n FROM reservations WHERE room_id = $1 AND check_in = $2`,
      [dbl(5), hotel.day(20)],
    );
    expect(rows[0].n).toBe(1);
  });

  it("answers bad input with a translated 422 and a missing key with 400", async () => {
    const noRoom = await post("/api/v1/holds", holdBody({ roomTypeId: undefined }));
    expect(noRoom.status).toBe(422);
    expect(noRoom.json.errors[0].field).toBe("roomId");
    const elsewhere = await post("/api/v1/holds", holdBody({ roomId: otherHotel.roomTypes.DBL.roomIds[0] }));
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.json.errors[0].field).toBe("roomId");
    const wrongType = await post("/api/v1/holds", holdBody({ roomTypeId: hotel.roomTypes.STE.id, roomId: dbl(0) }));
    expect(wrongType.status).toBe(422);
    const past = await post("/api/v1/holds", holdBody({ checkIn: hotel.day(-1) }));
    expect(past.status).toBe(422);
    const spanish = await call("POST", "/api/v1/holds", {
      token: tokens.desk,
      body: holdBody({ adults: 0 }),
      headers: { "idempotency-key": newKey(), "accept-language": "es" },
    });
    expect(spanish.status).toBe(422);
    expect(spanish.headers.get("content-language")).toBe("es");
    const noKey = await post("/api/v1/holds", holdBody(), { key: null });
    expect(noKey.status).toBe(400);
    expect(noKey.json.code).toBe("idempotency_key_required");
  });

  it("refuses guests and auditors (403) and answers staff of another property 404", async () => {
    expect((await post("/api/v1/holds", holdBody(), { who: "guest" })).status).toBe(403);
    expect((await post("/api/v1/holds", holdBody(), { who: "auditor" })).status).toBe(403);
    const other = await post("/api/v1/holds", holdBody(), { who: "otherDesk" });
    expect(other.status).toBe(404);
    expect(other.json.code).toBe("property_not_found");
  });

  it("two clerks racing for one named room: one hold, one 409 with the next free rooms, never a double booking", async () => {
    const body = holdBody({ roomId: dbl(4), checkIn: hotel.day(40), checkOut: hotel.day(43) });
    const [a, b] = await Promise.all([
      post("/api/v1/holds", body, { who: "desk" }),
      post("/api/v1/holds", body, { who: "desk2" }),
    ]);
    const statuses = [a.status, b.status].sort();
    expect(statuses, `${a.text} ${b.text}`).toEqual([201, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.json.code).toBe("room_unavailable");
    expect(loser.json.title).toBeTruthy();
    expect(loser.json.alternatives.length).toBeGreaterThan(0);
    for (const alternative of loser.json.alternatives) {
      expect(alternative.roomId).not.toBe(dbl(4));
      expect(alternative.roomNumber).toMatch(/^\d+$/);
    }
    expect(await overlappingReservations(hotel.propertyId)).toBe(0);
    // The alternative offered can be held at once.
    const taken = await post("/api/v1/holds", { ...body, roomId: loser.json.alternatives[0].roomId });
    expect(taken.status, taken.text).toBe(201);
  });

  it("six requests from two clerks for one named room: exactly one hold", async () => {
    const body = holdBody({ roomTypeId: undefined, roomId: dbl(6), checkIn: hotel.day(45), checkOut: hotel.day(47) });
    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, i) => post("/api/v1/holds", body, { who: i % 2 ? "desk" : "desk2" })),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    for (const r of responses.filter((r) => r.status === 409)) expect(r.json.code).toBe("room_unavailable");
    expect(await overlappingReservations(hotel.propertyId)).toBe(0);
  });

  it("holds for the property's own hold duration, and the sweeper frees an overdue hold", async () => {
    const quick = await createProperty({ DBL: { rooms: 1 } }, { holdMinutes: 1 });
    const desk = await createAccount("front_desk", { propertyIds: [quick.propertyId] });
    const token = await apiToken(call, desk);
    const body = { ...quick.stay("DBL", 0, 1), channel: undefined };
    const before = Date.now();
    const held = await call("POST", "/api/v1/holds", { token, body, headers: { "idempotency-key": newKey() } });
    expect(held.status, held.text).toBe(201);
    const expires = Date.parse(held.json.booking.reservations[0].holdExpiresAt);
    expect(expires - before).toBeGreaterThan(50_000);
    expect(expires - before).toBeLessThan(70_000);
    await overdue(held.json.booking.reference);
    expect(await expireOverdueHolds({ id: "system:test-sweeper", channel: "system" })).toBeGreaterThanOrEqual(1);
    const read = await call("GET", `/api/v1/bookings/${held.json.booking.reference}`, { token });
    expect(read.json.booking.status).toBe("expired");
    const availability = await call(
      "GET",
      `/api/v1/availability?propertyId=${quick.propertyId}&checkIn=${body.checkIn}&checkOut=${body.checkOut}&adults=1`,
    );
    expect(availability.json.roomTypes[0].available).toBe(1);
  });

  it("answers sold_out when no room of the type is free", async () => {
    const body = holdBody({ roomTypeId: hotel.roomTypes.STE.id, checkIn: hotel.day(50), checkOut: hotel.day(51) });
    expect((await post("/api/v1/holds", body)).status).toBe(201);
    const second = await post("/api/v1/holds", body);
    expect(second.status).toBe(409);
    expect(second.json.code).toBe("sold_out");
  });
});

describe("confirm, release and extend a hold", () => {
  it("confirms a live hold with the guest (not the clerk) and the identity check sealed; the key replays", async () => {
    const held = await placeHold({ checkIn: hotel.day(60), checkOut: hotel.day(61) });
    const key = newKey();
    const response = await post(`/api/v1/bookings/${held.reference}/confirm`, confirmBody(), { key });
    expect(response.status, response.text).toBe(200);
    expect(response.json.booking.status).toBe("confirmed");
    expect(response.json.booking.reservations[0].holdExpiresAt).toBeNull();
    expect(response.json.txid).toMatch(/^\d+$/);
    const replay = await post(`/api/v1/bookings/${held.reference}/confirm`, confirmBody(), { key });
    expect(replay.status).toBe(200);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.json).toEqual(response.json);
    const { rows } = await getPool().query(
      `SELECT b.account_id, g.account_id AS guest_account, g.pii_enc, d.document_type, d.issuing_country, d.number_enc,
              d.checked_by, d.reservation_id
         FROM bookings b JOIN guests g ON g.id = b.guest_id JOIN guest_documents d ON d.guest_id = g.id
        WHERE b.reference = $1`,
      [held.reference],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      account_id: null,
      guest_account: null,
      document_type: "passport",
      issuing_country: "PT",
      checked_by: accounts.desk,
      reservation_id: held.reservations[0].id,
    });
    expect(rows[0].pii_enc).not.toContain("Walk-in");
    expect(rows[0].number_enc).not.toContain("P1234567");
    // Staff read the guest's name; the clerk's own name is nowhere.
    const read = await call("GET", `/api/v1/bookings/${held.reference}`, { token: tokens.desk });
    expect(read.status).toBe(200);
  });

  it("refuses a confirm after the deadline (409 hold_expired) before any sweeper, and the room is free at once", async () => {
    const held = await placeHold({
      roomTypeId: undefined,
      roomId: dbl(3),
      checkIn: hotel.day(70),
      checkOut: hotel.day(72),
    });
    await overdue(held.reference);
    const late = await post(`/api/v1/bookings/${held.reference}/confirm`, confirmBody());
    expect(late.status).toBe(409);
    expect(late.json.code).toBe("hold_expired");
    const french = await call("POST", `/api/v1/bookings/${held.reference}/confirm`, {
      token: tokens.desk,
      body: confirmBody(),
      headers: { "idempotency-key": newKey(), "accept-language": "fr" },
    });
    expect(french.json.code).toBe("hold_expired");
    expect(french.json.title).not.toBe(late.json.title);
    expect(french.headers.get("content-language")).toBe("fr");
    const again = await post(
      "/api/v1/holds",
      holdBody({ roomId: dbl(3), checkIn: hotel.day(70), checkOut: hotel.day(72) }),
    );
    expect(again.status, again.text).toBe(201);
    const { rows } = await getPool().query(
      `SELECT x.status FROM reservations x JOIN bookings b ON b.id = x.booking_id WHERE b.reference = $1`,
      [held.reference],
    );
    expect(rows[0].status).toBe("expired");
    // Extending or releasing it now changes nothing that matters.
    const extend = await post(`/api/v1/bookings/${held.reference}/extend-hold`);
    expect(extend.json.code).toBe("hold_expired");
    const release = await post(`/api/v1/bookings/${held.reference}/release`);
    expect(release.status).toBe(200);
    expect(release.json.booking.status).toBe("expired");
  });

  it("releases a hold: the room is free at once; releasing twice is harmless; a confirmed booking is 409", async () => {
    const stay = { checkIn: hotel.day(80), checkOut: hotel.day(81) };
    const held = await placeHold({ roomTypeId: undefined, roomId: dbl(2), ...stay });
    const released = await post(`/api/v1/bookings/${held.reference}/release`);
    expect(released.status, released.text).toBe(200);
    expect(released.json.booking.status).toBe("cancelled");
    expect(released.json.txid).toMatch(/^\d+$/);
    expect((await post("/api/v1/holds", holdBody({ roomId: dbl(2), ...stay }))).status).toBe(201);
    expect((await post(`/api/v1/bookings/${held.reference}/release`)).status).toBe(200);
    const { reference } = await walkIn({ checkIn: hotel.day(82), checkOut: hotel.day(83) });
    const confirmed = await post(`/api/v1/bookings/${reference}/release`);
    expect(confirmed.status).toBe(409);
    expect(confirmed.json.code).toBe("invalid_transition");
  });

  it("extends a hold once by the hold duration, audited; a second time is 409 hold_already_extended", async () => {
    const held = await placeHold({ checkIn: hotel.day(90), checkOut: hotel.day(91) });
    const extended = await post(`/api/v1/bookings/${held.reference}/extend-hold`);
    expect(extended.status, extended.text).toBe(200);
    const was = Date.parse(held.reservations[0].holdExpiresAt!);
    const now = Date.parse(extended.json.booking.reservations[0].holdExpiresAt);
    expect(now - was).toBe(10 * 60_000);
    const second = await post(`/api/v1/bookings/${held.reference}/extend-hold`);
    expect(second.status).toBe(409);
    expect(second.json.code).toBe("hold_already_extended");
    const { rows } = await getPool().query(
      `SELECT actor, channel FROM audit_events WHERE action = 'reservation.hold_extended' AND entity_id = $1`,
      [held.reservations[0].id],
    );
    expect(rows).toEqual([{ actor: `account:${accounts.desk}`, channel: "front_desk" }]);
  });

  it("answers 403 to guests and auditors and 404 to staff of another property or a wrong reference", async () => {
    const held = await placeHold({ checkIn: hotel.day(95), checkOut: hotel.day(96) });
    for (const action of ["confirm", "release", "extend-hold"]) {
      const url = `/api/v1/bookings/${held.reference}/${action}`;
      expect((await post(url, confirmBody(), { who: "guest" })).status).toBe(403);
      expect((await post(url, confirmBody(), { who: "auditor" })).status).toBe(403);
      expect((await post(url, confirmBody(), { who: "otherDesk" })).status).toBe(404);
      expect((await post(`/api/v1/bookings/ZZZZ-ZZZZ/${action}`, confirmBody())).status).toBe(404);
    }
    const bad = await post(`/api/v1/bookings/${held.reference}/confirm`, { guest: { fullName: "" }, extra: 1 });
    expect(bad.status).toBe(422);
    const badIdentity = await post(`/api/v1/bookings/${held.reference}/confirm`, {
      guest: { fullName: "A" },
      identity: { documentType: "library_card", country: "Portugal", number: "1" },
    });
    expect(badIdentity.status).toBe(422);
    expect(badIdentity.json.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      "identity.country",
      "identity.documentType",
      "identity.number",
    ]);
  });
});

describe("stays", () => {
  it("checks in only on the arrival day, into a clean or inspected room, with the identity recorded", async () => {
    const early = await walkIn({ checkIn: hotel.day(1), checkOut: hotel.day(2) });
    const tooEarly = await post(`/api/v1/reservations/${early.reservation.id}/check-in`);
    expect(tooEarly.status).toBe(409);
    expect(tooEarly.json.code).toBe("check_in_too_early");

    const noId = await walkIn({ checkIn: hotel.day(0), checkOut: hotel.day(1) }, false);
    const missing = await post(`/api/v1/reservations/${noId.reservation.id}/check-in`);
    expect(missing.status).toBe(409);
    expect(missing.json.code).toBe("identity_missing");
    // The identity-check endpoint records it later just as well.
    const recorded = await post(`/api/v1/reservations/${noId.reservation.id}/identity-check`, {
      documentType: "national_id",
      issuingCountry: "ES",
      number: "12345678Z",
    });
    expect(recorded.status, recorded.text).toBe(201);
    await getPool().query(`UPDATE rooms SET housekeeping_status = 'clean' WHERE id = $1`, [noId.reservation.roomId]);
    expect((await post(`/api/v1/reservations/${noId.reservation.id}/check-in`)).status).toBe(200);

    const today = await walkIn({ checkIn: hotel.day(0), checkOut: hotel.day(1) });
    const dirty = await post(`/api/v1/rooms/${today.reservation.roomId}/housekeeping`, { state: "dirty" });
    expect(dirty.status, dirty.text).toBe(200);
    const notReady = await post(`/api/v1/reservations/${today.reservation.id}/check-in`);
    expect(notReady.status).toBe(409);
    expect(notReady.json.code).toBe("room_not_ready");
    expect((await post(`/api/v1/rooms/${today.reservation.roomId}/housekeeping`, { state: "inspected" })).status).toBe(
      200,
    );
    const checkedIn = await post(`/api/v1/reservations/${today.reservation.id}/check-in`);
    expect(checkedIn.status, checkedIn.text).toBe(200);
    expect(checkedIn.json.booking.status).toBe("checked_in");
    expect(checkedIn.json.txid).toMatch(/^\d+$/);
    // Checking in twice is harmless; a held stay cannot be checked in.
    expect((await post(`/api/v1/reservations/${today.reservation.id}/check-in`)).status).toBe(200);
    const held = await placeHold({ checkIn: hotel.day(0), checkOut: hotel.day(1) });
    const heldIn = await post(`/api/v1/reservations/${held.reservations[0].id}/check-in`);
    expect(heldIn.json.code).toBe("invalid_transition");
  });

  it("moves a stay during it (audited), refuses a taken room with alternatives, then checks out leaving the room dirty", async () => {
    const stay = { checkIn: hotel.day(0), checkOut: hotel.day(3) };
    const guest = await walkIn({ ...stay, roomTypeId: undefined, roomId: inh(0) });
    expect((await post(`/api/v1/reservations/${guest.reservation.id}/check-in`)).status).toBe(200);
    const other = await walkIn({ ...stay, roomTypeId: undefined, roomId: inh(1) });

    const taken = await post(`/api/v1/reservations/${guest.reservation.id}/move`, { roomId: inh(1) });
    expect(taken.status, taken.text).toBe(409);
    expect(taken.json.code).toBe("room_unavailable");
    expect(taken.json.alternatives.map((a: { roomId: string }) => a.roomId)).not.toContain(inh(1));
    expect(taken.json.alternatives.length).toBeGreaterThan(0);

    const target = taken.json.alternatives[0].roomId as string;
    const moved = await post(`/api/v1/reservations/${guest.reservation.id}/move`, { roomId: target });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.json.booking.reservations[0].roomId).toBe(target);
    expect(moved.json.booking.status).toBe("checked_in");
    const { rows } = await getPool().query(
      `SELECT actor, channel, changes FROM audit_events WHERE action = 'reservation.moved' AND entity_id = $1`,
      [guest.reservation.id],
    );
    expect(rows).toEqual([
      { actor: `account:${accounts.desk}`, channel: "front_desk", changes: { room_id: [inh(0), target] } },
    ]);
    // The old room is free again; a room at another property or of too small a type is refused.
    expect((await post("/api/v1/holds", holdBody({ roomTypeId: undefined, roomId: inh(0), ...stay }))).status).toBe(
      201,
    );
    const elsewhere = await post(`/api/v1/reservations/${guest.reservation.id}/move`, {
      roomId: otherHotel.roomTypes.DBL.roomIds[0],
    });
    expect(elsewhere.status).toBe(422);
    const bad = await post(`/api/v1/reservations/${guest.reservation.id}/move`, { roomId: "101" });
    expect(bad.status).toBe(422);

    const out = await post(`/api/v1/reservations/${guest.reservation.id}/check-out`);
    expect(out.status, out.text).toBe(200);
    expect(out.json.booking.status).toBe("checked_out");
    expect(await housekeepingOf(target)).toBe("dirty");
    const twice = await post(`/api/v1/reservations/${guest.reservation.id}/check-out`);
    expect(twice.status).toBe(200);
    const notIn = await post(`/api/v1/reservations/${other.reservation.id}/check-out`);
    expect(notIn.status).toBe(409);
    expect(notIn.json.code).toBe("invalid_transition");
    expect(await overlappingReservations(hotel.propertyId)).toBe(0);
  });

  it("moves a confirmed stay before arrival; the constraint refuses a room another booking just took", async () => {
    const stay = { checkIn: hotel.day(100), checkOut: hotel.day(102) };
    const guest = await walkIn({ ...stay, roomTypeId: undefined, roomId: dbl(0) });
    const moved = await post(`/api/v1/reservations/${guest.reservation.id}/move`, { roomId: dbl(1) });
    expect(moved.status, moved.text).toBe(200);
    const rival = await placeHold({ ...stay, roomTypeId: undefined, roomId: dbl(2) });
    const refused = await post(`/api/v1/reservations/${guest.reservation.id}/move`, {
      roomId: rival.reservations[0].roomId,
    });
    expect(refused.status).toBe(409);
    expect(refused.json.code).toBe("room_unavailable");
    // An overdue hold in the way does not block the move.
    await overdue(rival.reference);
    expect((await post(`/api/v1/reservations/${guest.reservation.id}/move`, { roomId: dbl(2) })).status).toBe(200);
  });

  it("marks a no-show only after the arrival day, and only a confirmed stay", async () => {
    const guest = await walkIn({ checkIn: hotel.day(0), checkOut: hotel.day(2) });
    const early = await post(`/api/v1/reservations/${guest.reservation.id}/no-show`);
    expect(early.status).toBe(409);
    expect(early.json.code).toBe("no_show_too_early");
    // Yesterday's arrival (moved back in the database: the API books no past dates).
    await getPool().query(`UPDATE reservations SET check_in = $2 WHERE id = $1`, [guest.reservation.id, hotel.day(-1)]);
    const noShow = await post(`/api/v1/reservations/${guest.reservation.id}/no-show`);
    expect(noShow.status, noShow.text).toBe(200);
    expect(noShow.json.booking.status).toBe("no_show");
    const held = await placeHold({ checkIn: hotel.day(0), checkOut: hotel.day(1) });
    const heldNoShow = await post(`/api/v1/reservations/${held.reservations[0].id}/no-show`);
    expect(heldNoShow.status).toBe(409);
    expect(heldNoShow.json.code).toBe("invalid_transition");
  });

  it("replays a check-in by its key", async () => {
    const guest = await walkIn({ checkIn: hotel.day(0), checkOut: hotel.day(1) });
    await getPool().query(`UPDATE rooms SET housekeeping_status = 'clean' WHERE id = $1`, [guest.reservation.roomId]);
    const key = newKey();
    const first = await post(`/api/v1/reservations/${guest.reservation.id}/check-in`, undefined, { key });
    expect(first.status, first.text).toBe(200);
    const replay = await post(`/api/v1/reservations/${guest.reservation.id}/check-in`, undefined, { key });
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.json.txid).toBe(first.json.txid);
  });

  it("sets housekeeping states, audited; out of order and other values are 422", async () => {
    const room = dbl(5);
    const response = await post(`/api/v1/rooms/${room}/housekeeping`, { state: "inspected" });
    expect(response.status, response.text).toBe(200);
    expect(response.json.txid).toMatch(/^\d+$/);
    expect(await housekeepingOf(room)).toBe("inspected");
    const { rows } = await getPool().query(
      `SELECT actor FROM audit_events WHERE action = 'room.state' AND entity_id = $1 ORDER BY id DESC LIMIT 1`,
      [room],
    );
    expect(rows[0].actor).toBe(`account:${accounts.desk}`);
    for (const body of [{ state: "out_of_order" }, { state: "clean", extra: true }, {}, { state: 1 }]) {
      expect((await post(`/api/v1/rooms/${room}/housekeeping`, body)).status).toBe(422);
    }
    expect((await post(`/api/v1/rooms/${room}/housekeeping`, { state: "clean" }, { who: "manager" })).status).toBe(200);
  });

  it("answers 403 to guests and auditors and 404 to staff of another property or an unknown id", async () => {
    const guest = await walkIn({ checkIn: hotel.day(110), checkOut: hotel.day(111) });
    const unknown = "00000000-0000-4000-8000-000000000000";
    for (const action of ["check-in", "check-out", "move", "no-show"]) {
      const url = `/api/v1/reservations/${guest.reservation.id}/${action}`;
      const body = { roomId: dbl(1) };
      expect((await post(url, body, { who: "guest" })).status).toBe(403);
      expect((await post(url, body, { who: "auditor" })).status).toBe(403);
      expect((await post(url, body, { who: "otherDesk" })).status).toBe(404);
      expect((await post(`/api/v1/reservations/${unknown}/${action}`, body)).status).toBe(404);
      expect((await post(`/api/v1/reservations/not-an-id/${action}`, body)).status).toBe(404);
    }
    const url = `/api/v1/rooms/${dbl(1)}/housekeeping`;
    expect((await post(url, { state: "clean" }, { who: "guest" })).status).toBe(403);
    expect((await post(url, { state: "clean" }, { who: "auditor" })).status).toBe(403);
    expect((await post(url, { state: "clean" }, { who: "otherDesk" })).status).toBe(404);
    expect((await post(`/api/v1/rooms/${unknown}/housekeeping`, { state: "clean" })).status).toBe(404);
  });
});
