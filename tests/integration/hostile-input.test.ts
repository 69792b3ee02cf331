// Whatever a person or a program types into any form or endpoint: SQL,
// NUL bytes, huge strings, wrong types, missing fields. The answer is a
// clear 4xx (or the ordinary answer, when the input is merely odd), never a
// 500, and nothing breaks for the next request.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { apiClient, apiToken, createAccount, createProperty, webCookie, type ApiCall, type Fixture } from "../helpers";

let call: ApiCall;
let hotel: Fixture;
let guestToken: string;
let deskToken: string;
let managerToken: string;
let adminCookie: string;
let reservationId: string;
let reference: string;

const NASTY = [
  "' OR '1'='1",
  "'; DROP TABLE reservations; --",
  "\u0000",
  "a\u0000b@example.com",
  "correct horse\u0000",
  "x".repeat(10_000),
  "😀".repeat(500),
  "<script>alert(1)</script>",
  "../../etc/passwd",
  "%00",
  "",
  " ",
];

const FORMS: Record<string, string[]> = {
  "/sign-in": ["email", "password", "totp", "redirectTo"],
  "/sign-up": ["displayName", "email", "password"],
  "/forgot-password": ["email"],
  [`/reset-password/${"a".repeat(43)}`]: ["password"],
  "/admin/staff": ["email", "displayName", "role", "propertyIds"],
  "/account/privacy": ["confirm"],
  "/sign-out": ["scope"],
};

beforeAll(async () => {
  call = await apiClient();
  hotel = await createProperty({ DBL: { rooms: 5 } });
  const guest = await createAccount("guest");
  guestToken = await apiToken(call, guest);
  const desk = await createAccount("front_desk", { propertyIds: [hotel.propertyId] });
  deskToken = await apiToken(call, desk);
  managerToken = await apiToken(call, await createAccount("manager", { propertyIds: [hotel.propertyId] }));
  const admin = await createAccount("admin", { propertyIds: [hotel.propertyId] });
  adminCookie = await webCookie(call, admin);
  const booked = await call("POST", "/api/v1/bookings", {
    token: guestToken,
    headers: { "idempotency-key": "hostile-setup" },
    body: { ...hotel.stay("DBL", 3, 4), channel: undefined, guest: { fullName: "Hostile Setup" } },
  });
  reservationId = booked.json.booking.reservations[0].id;
  reference = booked.json.booking.reference;
});

describe("forms", () => {
  for (const [path, fields] of Object.entries(FORMS)) {
    it(`${path} answers every nasty value with a clear answer, never 5xx`, async () => {
      // Each nasty value in every field at once, and in each field alone next to plausible values.
      const plausible: Record<string, string> = {
        email: "someone@example.com",
        password: "a long enough pass phrase",
        totp: "",
        displayName: "Sam",
        confirm: "keep",
      };
      const bodies = NASTY.flatMap((nasty) => [
        Object.fromEntries(fields.map((field) => [field, nasty])),
        ...fields.map((target) =>
          Object.fromEntries(fields.map((field) => [field, field === target ? nasty : (plausible[field] ?? "x")])),
        ),
      ]);
      for (const fieldsOfBody of bodies) {
        const nasty = Object.values(fieldsOfBody).join("|");
        const body = new URLSearchParams(fieldsOfBody).toString();
        const response = await call("POST", path, {
          rawBody: body,
          headers: { "content-type": "application/x-www-form-urlencoded", cookie: adminCookie },
        });
        expect(
          response.status,
          `${path} with ${JSON.stringify(nasty.slice(0, 20))}: ${response.text.slice(0, 300)}`,
        ).toBeLessThan(500);
      }
    });
  }
});

describe("search forms", () => {
  it("/admin/guests answers every nasty search with a clear answer, never 5xx", async () => {
    // Its own session: the forms above include signing out everywhere.
    const cookie = await webCookie(call, await createAccount("admin"));
    for (const nasty of NASTY) {
      const response = await call("POST", "/admin/guests", {
        rawBody: new URLSearchParams({ q: nasty }).toString(),
        headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      });
      // Posted like every form: a NUL is a bad request before anything reads it, as on the others.
      expect(response.status, `${JSON.stringify(nasty.slice(0, 20))}: ${response.text.slice(0, 300)}`).toBe(
        nasty.includes("\u0000") ? 400 : 200,
      );
    }
  });
});

describe("API endpoints", () => {
  const endpoints = () => [
    { path: "/api/v1/sessions", token: undefined },
    { path: "/api/v1/bookings", token: guestToken },
    { path: "/api/v1/me/erase", token: guestToken },
    { path: `/api/v1/bookings/${reference}/change-dates`, token: guestToken },
    { path: `/api/v1/reservations/${reservationId}/identity-check`, token: deskToken },
    // The front desk's bodies: a hold, a confirmation, a move, a housekeeping state.
    { path: "/api/v1/holds", token: deskToken },
    { path: `/api/v1/bookings/${reference}/confirm`, token: deskToken },
    { path: `/api/v1/reservations/${reservationId}/move`, token: deskToken },
    { path: `/api/v1/rooms/${hotel.roomTypes.DBL.roomIds[0]}/housekeeping`, token: deskToken },
    // A stay's new dates from the front desk (a guest in house may change too).
    { path: `/api/v1/bookings/${reference}/change-dates`, token: deskToken },
  ];

  it("answer arbitrary JSON with a 4xx, never 5xx", async () => {
    for (const { path, token } of endpoints()) {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.jsonValue(),
            fc.dictionary(
              fc.constantFrom(
                "email",
                "password",
                "totp",
                "propertyId",
                "roomTypeId",
                "checkIn",
                "checkOut",
                "adults",
                "guest",
                "confirm",
                "documentType",
                "issuingCountry",
                "number",
                "roomId",
                "identity",
                "state",
              ),
              fc.oneof(fc.constantFrom(...NASTY), fc.jsonValue()),
            ),
          ),
          async (value) => {
            const response = await call("POST", path, {
              token,
              rawBody: JSON.stringify(value),
              headers: { "content-type": "application/json", "idempotency-key": `k${Math.random()}` },
            });
            expect(response.status, `${path}: ${response.text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
            expect(response.status, `${path}: ${response.text.slice(0, 200)}`).toBeLessThan(500);
          },
        ),
        { numRuns: 40 },
      );
    }
  });

  it("a property's hold duration: arbitrary JSON is a 4xx, never 5xx, and the duration stays valid", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue(),
          fc.record({ holdMinutes: fc.oneof(fc.constantFrom(...NASTY), fc.double(), fc.integer(), fc.jsonValue()) }),
        ),
        async (value) => {
          const response = await call("PATCH", `/api/v1/properties/${hotel.propertyId}`, {
            token: managerToken,
            rawBody: JSON.stringify(value),
            headers: { "content-type": "application/json" },
          });
          const valid =
            typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length === 1
              ? (value as { holdMinutes?: unknown }).holdMinutes
              : undefined;
          const ok = Number.isInteger(valid) && (valid as number) >= 1 && (valid as number) <= 240;
          if (ok) expect(response.status, response.text.slice(0, 200)).toBe(200);
          else expect([400, 422], response.text.slice(0, 200)).toContain(response.status);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("answer nasty values in paths, query strings and headers with a 4xx", async () => {
    for (const nasty of NASTY.filter(Boolean)) {
      const encoded = encodeURIComponent(nasty.slice(0, 2000));
      for (const [method, url, token] of [
        ["GET", `/api/v1/bookings/${encoded}`, guestToken],
        ["POST", `/api/v1/bookings/${encoded}/cancel`, guestToken],
        ["POST", `/api/v1/guests/${encoded}/erase`, deskToken],
        ["POST", `/api/v1/bookings/${encoded}/confirm`, deskToken],
        ["POST", `/api/v1/bookings/${encoded}/release`, deskToken],
        ["POST", `/api/v1/bookings/${encoded}/extend-hold`, deskToken],
        ["POST", `/api/v1/reservations/${encoded}/check-in`, deskToken],
        ["POST", `/api/v1/reservations/${encoded}/check-out`, deskToken],
        ["POST", `/api/v1/reservations/${encoded}/move`, deskToken],
        ["POST", `/api/v1/reservations/${encoded}/no-show`, deskToken],
        ["POST", `/api/v1/rooms/${encoded}/housekeeping`, deskToken],
        ["PATCH", `/api/v1/properties/${encoded}`, managerToken],
        ["POST", `/api/v1/properties/${encoded}/night-audit`, managerToken],
        [
          "GET",
          `/api/v1/availability?propertyId=${encoded}&checkIn=${encoded}&checkOut=${encoded}&adults=${encoded}`,
          undefined,
        ],
      ] as const) {
        const response = await call(method, url, { token });
        expect(response.status, `${method} ${url.slice(0, 80)}`).toBeGreaterThanOrEqual(400);
        expect(response.status, `${method} ${url.slice(0, 80)}`).toBeLessThan(500);
      }
      const headers = await call("POST", "/api/v1/bookings", {
        token: guestToken,
        body: { ...hotel.stay("DBL", 9, 10), channel: undefined },
        // Only what HTTP can carry in a header.
        headers: { "idempotency-key": /^[\x20-\x7e]+$/.test(nasty) ? nasty.slice(0, 300) : "-" },
      });
      expect(headers.status).toBeLessThan(500);
    }
  });
});
