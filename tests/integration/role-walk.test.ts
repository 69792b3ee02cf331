// Every route, as every role and as an anonymous visitor: who gets in, and
// who gets 401/403/404 (or, on web pages, a redirect to sign in). A route
// file that is not listed here fails this test: adding a route means
// deciding who may use it.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setShapeUpstream } from "~/sync/upstream.server";
import { startShapeServer, type ShapeServer } from "../../shape-server";
import {
  apiClient,
  createAccount,
  createProperty,
  type ApiCall,
  type ApiResponse,
  type Fixture,
  apiToken,
  webCookie,
} from "../helpers";

type Who = "anonymous" | "guest" | "front_desk" | "manager" | "auditor" | "admin";
const WHO: Who[] = ["anonymous", "guest", "front_desk", "manager", "auditor", "admin"];

let call: ApiCall;
let hotel: Fixture;
const tokens: Partial<Record<Who, string>> = {};
const cookies: Partial<Record<Who, string>> = {};
let booker: string;
let staffMemberId: string;
let keyCounter = 0;

/** A booking made by someone else (so no role in the walk owns it). */
async function someoneElsesBooking(from: number) {
  const response = await call("POST", "/api/v1/bookings", {
    token: booker,
    headers: { "idempotency-key": `walk-${++keyCounter}` },
    body: { ...hotel.stay("DBL", from, from + 1), channel: undefined, guest: { fullName: "Walk Guest" } },
  });
  return response.json.booking as { reference: string; reservations: { id: string }[] };
}

/** A walk-in's hold taken by the property's front desk. */
async function deskHold(from: number) {
  const response = await call("POST", "/api/v1/holds", {
    token: tokens.front_desk,
    headers: { "idempotency-key": `walk-${++keyCounter}` },
    body: { ...hotel.stay("DBL", from, from + 1), channel: undefined },
  });
  return response.json.booking as { reference: string; reservations: { id: string }[] };
}

const page = (url: string) => (who: Who) =>
  call("GET", url, { headers: cookies[who] ? { cookie: cookies[who]! } : {} });
const api = (method: string, url: string | (() => Promise<string>), body?: unknown) => async (who: Who) =>
  call(method, typeof url === "string" ? url : await url(), {
    token: tokens[who],
    body,
    headers: { "idempotency-key": `walk-${++keyCounter}` },
  });

const SIGN_IN = "sign in";
type Expect = number | typeof SIGN_IN;
const all = (value: Expect): Record<Who, Expect> =>
  Object.fromEntries(WHO.map((w) => [w, value])) as Record<Who, Expect>;
const staffOnly = (staff: Expect, guest: Expect, anonymous: Expect) => ({
  ...all(staff),
  guest,
  anonymous,
});

let dayCounter = 40;
const WALK: Record<string, { request: (who: Who) => Promise<ApiResponse>; expect: Record<Who, Expect> }> = {
  "_index.tsx": { request: page("/"), expect: all(200) },
  "healthz.ts": { request: page("/healthz"), expect: all(200) },
  // Off unless HOTEL_METRICS_TOKEN is set (it is not here); no session opens it (tests/integration/metrics.test.ts).
  "metrics.ts": { request: api("GET", "/metrics"), expect: all(404) },
  "sign-in.tsx": { request: page("/sign-in"), expect: { ...all(302), anonymous: 200 } },
  "sign-up.tsx": { request: page("/sign-up"), expect: all(200) },
  // A link that is not one: the page says so, to everyone.
  "sign-up_.$token.tsx": { request: page(`/sign-up/v1.${"x".repeat(40)}`), expect: all(200) },
  "sign-out.tsx": { request: page("/sign-out"), expect: all(302) },
  "forgot-password.tsx": { request: page("/forgot-password"), expect: all(200) },
  "reset-password.$token.tsx": { request: page(`/reset-password/${"x".repeat(43)}`), expect: all(200) },
  "account._index.tsx": { request: page("/account"), expect: { ...all(200), anonymous: SIGN_IN } },
  "account.privacy.tsx": { request: page("/account/privacy"), expect: { ...all(403), guest: 200, anonymous: SIGN_IN } },
  "account.two-factor.tsx": { request: page("/account/two-factor"), expect: { ...all(302), anonymous: SIGN_IN } },
  // Only a session that must replace a temporary password stays; everyone else is sent on.
  "account.password.tsx": { request: page("/account/password"), expect: { ...all(302), anonymous: SIGN_IN } },
  "admin.guests._index.tsx": {
    request: page("/admin/guests"),
    expect: { ...all(403), admin: 200, anonymous: SIGN_IN },
  },
  "admin.guests.$guestId.erase.tsx": {
    request: page("/admin/guests/00000000-0000-4000-8000-000000000000/erase"),
    expect: { ...all(403), admin: 404, anonymous: SIGN_IN },
  },
  "admin.outbox.tsx": { request: page("/admin/outbox"), expect: { ...all(403), admin: 200, anonymous: SIGN_IN } },
  "admin.staff._index.tsx": { request: page("/admin/staff"), expect: { ...all(403), admin: 200, anonymous: SIGN_IN } },
  "admin.staff.$accountId.tsx": {
    request: (who) => page(`/admin/staff/${staffMemberId}`)(who),
    expect: { ...all(403), admin: 200, anonymous: SIGN_IN },
  },
  "audit.tsx": {
    request: page("/audit"),
    expect: { ...all(403), manager: 200, auditor: 200, anonymous: SIGN_IN },
  },
  "book.tsx": {
    request: (who) =>
      page(`/book?roomTypeId=${hotel.roomTypes.DBL.id}&checkIn=${hotel.day(90)}&checkOut=${hotel.day(91)}&adults=1`)(
        who,
      ),
    expect: all(200),
  },
  "bookings._index.tsx": { request: page("/bookings"), expect: { ...all(200), anonymous: SIGN_IN } },
  "bookings.$reference._index.tsx": {
    request: async (who) => page(`/bookings/${(await someoneElsesBooking(++dayCounter)).reference}`)(who),
    expect: { ...staffOnly(200, 404, SIGN_IN) },
  },
  "bookings.$reference.calendar[.ics].ts": {
    request: async (who) => page(`/bookings/${(await someoneElsesBooking(++dayCounter)).reference}/calendar.ics`)(who),
    expect: { ...staffOnly(200, 404, SIGN_IN) },
  },
  "bookings.$reference.cancel.tsx": {
    request: async (who) => page(`/bookings/${(await someoneElsesBooking(++dayCounter)).reference}/cancel`)(who),
    expect: { ...staffOnly(200, 404, SIGN_IN), auditor: 403 },
  },
  "bookings.$reference.change.tsx": {
    request: async (who) => page(`/bookings/${(await someoneElsesBooking(++dayCounter)).reference}/change`)(who),
    expect: { ...staffOnly(200, 404, SIGN_IN), auditor: 403 },
  },
  "manage._index.tsx": { request: page("/manage"), expect: all(200) },
  // Without a code-granted cookie, everyone is sent back to ask for a code.
  "manage.$reference.tsx": {
    request: async (who) => page(`/manage/${(await someoneElsesBooking(++dayCounter)).reference}`)(who),
    expect: all(302),
  },
  "api.v1.sessions.ts": {
    request: api("POST", "/api/v1/sessions", { email: "x@example.test", password: "x" }),
    expect: all(401),
  },
  "api.v1.properties.ts": { request: api("GET", "/api/v1/properties"), expect: all(200) },
  "api.v1.availability.ts": {
    request: (who) =>
      api(
        "GET",
        `/api/v1/availability?propertyId=${hotel.propertyId}&checkIn=${hotel.day(5)}&checkOut=${hotel.day(6)}&adults=1`,
      )(who),
    expect: all(200),
  },
  "api.v1.bookings.ts": {
    request: (who) =>
      api("POST", "/api/v1/bookings", { ...hotel.stay("DBL", ++dayCounter, dayCounter + 1), channel: undefined })(who),
    expect: { ...all(201), auditor: 403, anonymous: 401 },
  },
  "api.v1.bookings.$reference.ts": {
    request: (who) =>
      api("GET", async () => `/api/v1/bookings/${(await someoneElsesBooking(++dayCounter)).reference}`)(who),
    expect: staffOnly(200, 404, 401),
  },
  "api.v1.bookings.$reference.cancel.ts": {
    request: (who) =>
      api("POST", async () => `/api/v1/bookings/${(await someoneElsesBooking(++dayCounter)).reference}/cancel`)(who),
    expect: { ...staffOnly(200, 404, 401), auditor: 403 },
  },
  // Valid dates: allowed roles move the stay (200).
  "api.v1.bookings.$reference.change-dates.ts": {
    request: (who) =>
      api("POST", async () => `/api/v1/bookings/${(await someoneElsesBooking(++dayCounter)).reference}/change-dates`, {
        checkIn: hotel.day(dayCounter + 200),
        checkOut: hotel.day(dayCounter + 201),
      })(who),
    expect: { ...staffOnly(200, 404, 401), auditor: 403 },
  },
  "api.v1.me.export.ts": {
    request: api("GET", "/api/v1/me/export"),
    expect: { ...all(403), guest: 200, anonymous: 401 },
  },
  // An empty body: allowed roles get as far as validation (422), and nobody is erased.
  "api.v1.me.erase.ts": {
    request: api("POST", "/api/v1/me/erase", {}),
    expect: { ...all(403), guest: 422, anonymous: 401 },
  },
  "api.v1.guests.$guestId.erase.ts": {
    request: api("POST", "/api/v1/guests/00000000-0000-4000-8000-000000000000/erase"),
    expect: { ...all(403), admin: 404, anonymous: 401 },
  },
  "api.v1.reservations.$reservationId.identity-check.ts": {
    request: (who) =>
      api(
        "POST",
        async () =>
          `/api/v1/reservations/${(await someoneElsesBooking(++dayCounter)).reservations[0].id}/identity-check`,
        {},
      )(who),
    expect: { ...all(403), front_desk: 422, manager: 422, admin: 422, anonymous: 401 },
  },
  // The front desk's API: front desk, managers and admins of the property; never guests or auditors.
  "api.v1.holds.ts": {
    request: (who) =>
      api("POST", "/api/v1/holds", { ...hotel.stay("DBL", ++dayCounter, dayCounter + 1), channel: undefined })(who),
    expect: { ...all(201), guest: 403, auditor: 403, anonymous: 401 },
  },
  "api.v1.bookings.$reference.confirm.ts": {
    request: (who) =>
      api("POST", async () => `/api/v1/bookings/${(await deskHold(++dayCounter)).reference}/confirm`, {
        guest: { fullName: "Walk Guest" },
      })(who),
    expect: { ...all(200), guest: 403, auditor: 403, anonymous: 401 },
  },
  "api.v1.bookings.$reference.release.ts": {
    request: (who) =>
      api("POST", async () => `/api/v1/bookings/${(await deskHold(++dayCounter)).reference}/release`)(who),
    expect: { ...all(200), guest: 403, auditor: 403, anonymous: 401 },
  },
  "api.v1.bookings.$reference.extend-hold.ts": {
    request: (who) =>
      api("POST", async () => `/api/v1/bookings/${(await deskHold(++dayCounter)).reference}/extend-hold`)(who),
    expect: { ...all(200), guest: 403, auditor: 403, anonymous: 401 },
  },
  // A stay weeks ahead: allowed roles reach the rule (409, too early), the others never get that far.
  "api.v1.reservations.$reservationId.check-in.ts": {
    request: (who) =>
      api(
        "POST",
        async () => `/api/v1/reservations/${(await someoneElsesBooking(++dayCounter)).reservations[0].id}/check-in`,
      )(who),
    expect: { ...all(409), guest: 403, auditor: 403, anonymous: 401 },
  },
  "api.v1.reservations.$reservationId.check-out.ts": {
    request: (who) =>
      api(
        "POST",
        async () => `/api/v1/reservations/${(await someoneElsesBooking(++dayCounter)).reservations[0].id}/check-out`,
      )(who),
    expect: { ...all(409), guest: 403, auditor: 403, anonymous: 401 },
  },
  "api.v1.reservations.$reservationId.no-show.ts": {
    request: (who) =>
      api(
        "POST",
        async () => `/api/v1/reservations/${(await someoneElsesBooking(++dayCounter)).reservations[0].id}/no-show`,
      )(who),
    expect: { ...all(409), guest: 403, auditor: 403, anonymous: 401 },
  },
  // An empty body: allowed roles get as far as validation (422), and nothing moves.
  "api.v1.reservations.$reservationId.move.ts": {
    request: (who) =>
      api(
        "POST",
        async () => `/api/v1/reservations/${(await someoneElsesBooking(++dayCounter)).reservations[0].id}/move`,
        {},
      )(who),
    expect: { ...all(422), guest: 403, auditor: 403, anonymous: 401 },
  },
  "api.v1.rooms.$roomId.housekeeping.ts": {
    request: (who) =>
      api("POST", `/api/v1/rooms/${hotel.roomTypes.DBL.roomIds[0]}/housekeeping`, { state: "clean" })(who),
    expect: { ...all(200), guest: 403, auditor: 403, anonymous: 401 },
  },
  // The desk's management of the property: managers and admins only (an auditor reads, never runs it).
  "api.v1.properties.$propertyId.ts": {
    request: (who) => api("PATCH", `/api/v1/properties/${hotel.propertyId}`, { holdMinutes: 10 })(who),
    expect: { ...all(403), manager: 200, admin: 200, anonymous: 401 },
  },
  "api.v1.properties.$propertyId.night-audit.ts": {
    request: (who) => api("POST", `/api/v1/properties/${hotel.propertyId}/night-audit`)(who),
    expect: { ...all(403), manager: 200, admin: 200, anonymous: 401 },
  },
  // What the property sells: its managers and admins only.
  "api.v1.properties.$propertyId.rates.ts": {
    request: (who) =>
      api("PUT", `/api/v1/properties/${hotel.propertyId}/rates`, {
        ratePlanId: hotel.ratePlanId,
        roomTypeId: hotel.roomTypes.DBL.id,
        nights: [{ date: hotel.day(300), minStay: 1 }],
      })(who),
    expect: { ...all(403), manager: 200, admin: 200, anonymous: 401 },
  },
  "api.v1.properties.$propertyId.rates.bulk.ts": {
    request: (who) =>
      api("POST", `/api/v1/properties/${hotel.propertyId}/rates/bulk`, {
        roomTypeIds: [hotel.roomTypes.DBL.id],
        ratePlanId: hotel.ratePlanId,
        from: hotel.day(301),
        to: hotel.day(302),
        minStay: 1,
      })(who),
    expect: { ...all(403), manager: 200, admin: 200, anonymous: 401 },
  },
  "api.v1.properties.$propertyId.room-types.ts": {
    request: (who) => api("GET", `/api/v1/properties/${hotel.propertyId}/room-types`)(who),
    expect: { ...all(403), manager: 200, admin: 200, anonymous: 401 },
  },
  "api.v1.properties.$propertyId.room-types.$roomTypeId.ts": {
    request: (who) =>
      api("PATCH", `/api/v1/properties/${hotel.propertyId}/room-types/${hotel.roomTypes.DBL.id}`, { sortOrder: 0 })(
        who,
      ),
    expect: { ...all(403), manager: 200, admin: 200, anonymous: 401 },
  },
  "api.v1.properties.$propertyId.rooms.ts": {
    request: (who) => api("GET", `/api/v1/properties/${hotel.propertyId}/rooms`)(who),
    expect: { ...all(403), manager: 200, admin: 200, anonymous: 401 },
  },
  "api.v1.properties.$propertyId.rooms.$roomId.ts": {
    request: (who) =>
      api("PATCH", `/api/v1/properties/${hotel.propertyId}/rooms/${hotel.roomTypes.DBL.roomIds[0]}`, { floor: 1 })(who),
    expect: { ...all(403), manager: 200, admin: 200, anonymous: 401 },
  },
  "api.v1.properties.$propertyId.rate-plans.ts": {
    request: (who) => api("GET", `/api/v1/properties/${hotel.propertyId}/rate-plans`)(who),
    expect: { ...all(403), manager: 200, admin: 200, anonymous: 401 },
  },
  "api.v1.properties.$propertyId.rate-plans.$ratePlanId.ts": {
    request: (who) =>
      api("PATCH", `/api/v1/properties/${hotel.propertyId}/rate-plans/${hotel.ratePlanId}`, { payment: "at_arrival" })(
        who,
      ),
    expect: { ...all(403), manager: 200, admin: 200, anonymous: 401 },
  },
  // An empty body: allowed roles get as far as validation (422), and no room leaves service.
  "api.v1.properties.$propertyId.rooms.$roomId.out-of-order.ts": {
    request: (who) =>
      api(
        "POST",
        `/api/v1/properties/${hotel.propertyId}/rooms/${hotel.roomTypes.DBL.roomIds[0]}/out-of-order`,
        {},
      )(who),
    expect: { ...all(403), manager: 422, admin: 422, anonymous: 401 },
  },
  // No such window: allowed roles get as far as looking for it.
  "api.v1.properties.$propertyId.rooms.$roomId.out-of-order.$blockId.ts": {
    request: (who) =>
      api(
        "DELETE",
        `/api/v1/properties/${hotel.propertyId}/rooms/${hotel.roomTypes.DBL.roomIds[0]}/out-of-order/${randomUUID()}`,
      )(who),
    expect: { ...all(403), manager: 404, admin: 404, anonymous: 401 },
  },
  "manage-property.tsx": {
    request: page("/manage-property"),
    expect: { ...all(403), manager: 200, admin: 200, anonymous: SIGN_IN },
  },
  "manage-property_.settings.tsx": {
    request: page("/manage-property/settings"),
    expect: { ...all(403), manager: 200, admin: 200, anonymous: SIGN_IN },
  },
  "manage-property_.room-types.tsx": {
    request: page("/manage-property/room-types"),
    expect: { ...all(403), manager: 200, admin: 200, anonymous: SIGN_IN },
  },
  "manage-property_.rooms.tsx": {
    request: page("/manage-property/rooms"),
    expect: { ...all(403), manager: 200, admin: 200, anonymous: SIGN_IN },
  },
  "manage-property_.rate-plans.tsx": {
    request: page("/manage-property/rate-plans"),
    expect: { ...all(403), manager: 200, admin: 200, anonymous: SIGN_IN },
  },
  // A photo form without a photo: allowed roles are sent back to the page, told what is missing.
  "manage-property_.photos.ts": {
    request: (who) => {
      const form = new FormData();
      form.set("propertyId", hotel.propertyId);
      form.set("roomTypeId", hotel.roomTypes.DBL.id);
      form.set("alt", "A room");
      return call("POST", "/manage-property/photos", { form, headers: cookies[who] ? { cookie: cookies[who]! } : {} });
    },
    expect: { ...all(403), manager: 303, admin: 303, anonymous: SIGN_IN },
  },
  "api.v1.properties.$propertyId.room-types.$roomTypeId.photos.ts": {
    request: (who) => {
      const form = new FormData();
      form.set("alt", "A room");
      return call("POST", `/api/v1/properties/${hotel.propertyId}/room-types/${hotel.roomTypes.DBL.id}/photos`, {
        token: tokens[who],
        form,
      });
    },
    expect: { ...all(403), manager: 422, admin: 422, anonymous: 401 },
  },
  "api.v1.properties.$propertyId.room-types.$roomTypeId.photos.$photoId.ts": {
    request: (who) =>
      api(
        "DELETE",
        `/api/v1/properties/${hotel.propertyId}/room-types/${hotel.roomTypes.DBL.id}/photos/${randomUUID()}`,
      )(who),
    expect: { ...all(403), manager: 404, admin: 404, anonymous: 401 },
  },
  // Uploaded photos are public, like the pages that show them: a missing one is 404 to all.
  "media.$.ts": { request: page("/media/room-types/nothing-400.webp"), expect: all(404) },
  "api.v1.$.ts": { request: api("GET", "/api/v1/nothing-here"), expect: all(404) },
  "board.tsx": {
    request: page("/board"),
    expect: { ...all(403), manager: 200, auditor: 200, anonymous: SIGN_IN },
  },
  "desk.tsx": {
    request: page("/desk"),
    expect: { ...all(403), front_desk: 200, manager: 200, admin: 200, anonymous: SIGN_IN },
  },
  // The desk's offline outbox, replayed with the session cookie: the desk's roles; JSON answers, never a redirect.
  "desk_.outbox.ts": {
    request: (who) =>
      call("POST", "/desk/outbox", {
        rawBody: JSON.stringify({
          key: randomUUID(),
          propertyId: hotel.propertyId,
          intent: "housekeeping",
          fields: { roomId: hotel.roomTypes.DBL.roomIds[0], state: "clean" },
        }),
        headers: { "content-type": "application/json", ...(cookies[who] ? { cookie: cookies[who]! } : {}) },
      }),
    expect: { ...all(403), front_desk: 200, manager: 200, admin: 200, anonymous: 401 },
  },
  "shapes.$name.ts": {
    request: (who) => api("GET", `/shapes/rooms?propertyId=${hotel.propertyId}&offset=-1`)(who),
    // Admins work the desk too, which reads the house live (ADR 018).
    expect: { ...all(403), front_desk: 200, manager: 200, auditor: 200, admin: 200, anonymous: 401 },
  },
};

let shapes: ShapeServer;

beforeAll(async () => {
  shapes = await startShapeServer({ databaseUrl: process.env.DATABASE_OWNER_URL!, longPollMs: 1000 });
  setShapeUpstream({ url: shapes.url });
  call = await apiClient();
  hotel = await createProperty({ DBL: { rooms: 40 } });
  const someone = await createAccount("guest");
  booker = await apiToken(call, someone);
  staffMemberId = (await createAccount("front_desk", { propertyIds: [hotel.propertyId] })).id;
  for (const who of WHO) {
    if (who === "anonymous") continue;
    const account = await createAccount(who, { propertyIds: [hotel.propertyId] });
    tokens[who] = await apiToken(call, account);
    cookies[who] = await webCookie(call, account);
  }
});

afterAll(async () => {
  setShapeUpstream(undefined);
  await shapes.close();
});

describe("the role walk", () => {
  it("covers every route file", () => {
    const files = fs.readdirSync(path.resolve("app/routes")).filter((f) => /\.(tsx?|jsx?)$/.test(f));
    expect(
      files.filter((f) => !(f in WALK)),
      "routes missing from the walk",
    ).toEqual([]);
    expect(
      Object.keys(WALK).filter((f) => !files.includes(f)),
      "walked routes that no longer exist",
    ).toEqual([]);
  });

  for (const [route, { request, expect: expected }] of Object.entries(WALK)) {
    it(`${route}`, async () => {
      for (const who of WHO) {
        const response = await request(who);
        const want = expected[who];
        if (want === SIGN_IN) {
          expect(response.status, `${route} as ${who}`).toBe(302);
          expect(response.headers.get("location"), `${route} as ${who}`).toMatch(/^\/sign-in\?redirectTo=/);
        } else {
          expect(response.status, `${route} as ${who}: ${response.text.slice(0, 200)}`).toBe(want);
        }
      }
    });
  }
});
