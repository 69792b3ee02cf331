// The JSON API through the built Remix app's own request handler: URLs,
// status codes, problem+json bodies, bearer tokens and idempotency, exactly
// as an outside client sees them.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { getPool } from "../../db/pool.server";
import { apiClient, apiToken, createAccount, createProperty, type ApiCall, type Fixture } from "../helpers";

let call: ApiCall;
let hotel: Fixture;
let otherHotel: Fixture;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  call = await apiClient();
  hotel = await createProperty({ DBL: { rooms: 3 }, FAM: { rooms: 1, capacity: 4 } });
  otherHotel = await createProperty({ DBL: { rooms: 1 } });
  for (const [name, role, propertyIds] of [
    ["guest", "guest", []],
    ["otherGuest", "guest", []],
    ["desk", "front_desk", [hotel.propertyId]],
    ["otherDesk", "front_desk", [otherHotel.propertyId]],
    ["auditor", "auditor", [hotel.propertyId]],
  ] as const) {
    const account = await createAccount(role, { propertyIds: [...propertyIds] });
    tokens[name] = await apiToken(call, account);
  }
});

const bookingBody = (overrides: Record<string, unknown> = {}) => ({
  propertyId: hotel.propertyId,
  roomTypeId: hotel.roomTypes.DBL.id,
  checkIn: hotel.day(30),
  checkOut: hotel.day(32),
  adults: 2,
  ...overrides,
});

let keyCounter = 0;
const newKey = () => `test-key-${Date.now()}-${++keyCounter}`;

function expectProblem(response: { status: number; headers: Headers; json: any }, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  expect(response.json).toMatchObject({ status, title: expect.any(String), type: expect.any(String) });
  expect(JSON.stringify(response.json)).not.toMatch(/\bat .*\.(ts|js):\d+|SELECT|INSERT/);
}

describe("sessions", () => {
  it("gives a bearer token for the right password and a 401 for a wrong one", async () => {
    const account = await createAccount("guest");
    const ok = await call("POST", "/api/v1/sessions", {
      body: { email: account.email.toUpperCase(), password: account.password },
    });
    expect(ok.status).toBe(201);
    expect(ok.json.token).toMatch(/^[\w-]{40,}$/);
    expect(ok.json.account).toMatchObject({ email: account.email, role: "guest" });
    expectProblem(await call("POST", "/api/v1/sessions", { body: { email: account.email, password: "wrong" } }), 401);
    expectProblem(
      await call("POST", "/api/v1/sessions", { body: { email: "nobody@example.test", password: "x" } }),
      401,
    );
    expectProblem(await call("POST", "/api/v1/sessions", { body: { email: account.email } }), 422);
  });
});

describe("properties and availability", () => {
  it("lists properties with their room types and rate plans", async () => {
    const response = await call("GET", "/api/v1/properties");
    expect(response.status).toBe(200);
    const listed = response.json.properties.find((p: { id: string }) => p.id === hotel.propertyId);
    expect(listed.roomTypes.map((t: { id: string }) => t.id).sort()).toEqual(
      [hotel.roomTypes.DBL.id, hotel.roomTypes.FAM.id].sort(),
    );
    expect(listed.ratePlans[0]).toMatchObject({ id: hotel.ratePlanId, isDefault: true });
  });

  it("answers a search with each room type's free rooms and total price", async () => {
    const response = await call(
      "GET",
      `/api/v1/availability?propertyId=${hotel.propertyId}&checkIn=${hotel.day(60)}&checkOut=${hotel.day(63)}&adults=2`,
    );
    expect(response.status).toBe(200);
    expect(response.json.nights).toBe(3);
    const dbl = response.json.roomTypes.find((t: { id: string }) => t.id === hotel.roomTypes.DBL.id);
    expect(dbl).toMatchObject({ available: 3, totalPrice: 30000, currency: "EUR", soldOut: false });
    expect(dbl.freeByNight).toHaveLength(3);
    const family = await call(
      "GET",
      `/api/v1/availability?propertyId=${hotel.propertyId}&checkIn=${hotel.day(60)}&checkOut=${hotel.day(63)}&adults=3&accessibility=step_free`,
    );
    expect(family.json.roomTypes.map((t: { id: string }) => t.id)).toEqual([hotel.roomTypes.FAM.id]);
    expect(family.json.roomTypes[0].available).toBe(0);
  });

  it.each([
    ["a wrong date", { checkIn: "2027-02-30" }],
    ["a non-date", { checkIn: "tomorrow" }],
    ["check-out before check-in", { checkOut: "PAST" }],
    ["400 nights", { checkOut: "FAR" }],
    ["a negative party", { adults: "-2" }],
    ["no party", { adults: "" }],
    ["an unknown property", { propertyId: "00000000-0000-4000-8000-000000000000" }],
    ["a property id that is not an id", { propertyId: "1' OR '1'='1" }],
    ["an unknown accessibility need", { accessibility: "jetpack" }],
    ["an unknown parameter", { colour: "blue" }],
  ])("refuses %s with a 4xx problem", async (_, change) => {
    const params: Record<string, string> = {
      propertyId: hotel.propertyId,
      checkIn: hotel.day(10),
      checkOut: hotel.day(12),
      adults: "2",
      ...change,
    };
    if (params.checkOut === "PAST") params.checkOut = hotel.day(8);
    if (params.checkOut === "FAR") params.checkOut = hotel.day(410);
    const response = await call("GET", `/api/v1/availability?${new URLSearchParams(params)}`);
    expectProblem(response, 422);
  });
});

describe("bookings", () => {
  it("books and confirms in the same request, then shows the booking to its owner", async () => {
    const response = await call("POST", "/api/v1/bookings", {
      token: tokens.guest,
      body: bookingBody(),
      headers: { "idempotency-key": newKey() },
    });
    expect(response.status).toBe(201);
    const { booking, txid } = response.json;
    expect(txid).toMatch(/^\d+$/);
    expect(booking).toMatchObject({
      status: "confirmed",
      reference: expect.stringMatching(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/),
    });
    expect(booking.reservations).toEqual([
      expect.objectContaining({
        id: expect.any(String),
        roomTypeId: hotel.roomTypes.DBL.id,
        roomNumber: expect.any(String),
        checkIn: hotel.day(30),
        checkOut: hotel.day(32),
        status: "confirmed",
        price: 20000,
      }),
    ]);
    expect(response.headers.get("location")).toBe(`/api/v1/bookings/${booking.reference}`);

    const read = await call("GET", `/api/v1/bookings/${booking.reference}`, { token: tokens.guest });
    expect(read.status).toBe(200);
    expect(read.json.booking.reference).toBe(booking.reference);
  });

  it("replays the first result for the same key and never books twice", async () => {
    const key = newKey();
    const body = bookingBody({ checkIn: hotel.day(40), checkOut: hotel.day(41) });
    const first = await call("POST", "/api/v1/bookings", {
      token: tokens.guest,
      body,
      headers: { "idempotency-key": key },
    });
    const second = await call("POST", "/api/v1/bookings", {
      token: tokens.guest,
      body,
      headers: { "idempotency-key": key },
    });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.json).toEqual(first.json);
    expect(second.headers.get("idempotent-replayed")).toBe("true");

    // Ten copies of one request at once: still one booking.
    const racingKey = newKey();
    const racing = await Promise.all(
      Array.from({ length: 10 }, () =>
        call("POST", "/api/v1/bookings", {
          token: tokens.guest,
          body: bookingBody({ checkIn: hotel.day(42), checkOut: hotel.day(43) }),
          headers: { "idempotency-key": racingKey },
        }),
      ),
    );
    expect(racing.map((r) => r.status)).toEqual(Array(10).fill(201));
    expect(new Set(racing.map((r) => r.json.booking.reference)).size).toBe(1);
    const { rows } = await getPool().query(
      `SELECT count(*)::int AS n FROM reservations WHERE property_id = $1 AND check_in = $2`,
      [hotel.propertyId, hotel.day(42)],
    );
    expect(rows[0].n).toBe(1);

    // The same key with another body is a client error; another caller's key is their own.
    expectProblem(
      await call("POST", "/api/v1/bookings", {
        token: tokens.guest,
        body: { ...body, adults: 1 },
        headers: { "idempotency-key": key },
      }),
      422,
    );
    const otherCaller = await call("POST", "/api/v1/bookings", {
      token: tokens.otherGuest,
      body,
      headers: { "idempotency-key": key },
    });
    expect(otherCaller.status).toBe(201);
    expect(otherCaller.json.booking.reference).not.toBe(first.json.booking.reference);
  });

  it("says 409 sold out when no room of the type is left", async () => {
    const body = bookingBody({ roomTypeId: hotel.roomTypes.FAM.id, checkIn: hotel.day(50), checkOut: hotel.day(52) });
    expect(
      (await call("POST", "/api/v1/bookings", { token: tokens.guest, body, headers: { "idempotency-key": newKey() } }))
        .status,
    ).toBe(201);
    const soldOut = await call("POST", "/api/v1/bookings", {
      token: tokens.guest,
      body,
      headers: { "idempotency-key": newKey() },
    });
    expectProblem(soldOut, 409);
    expect(soldOut.json.code).toBe("sold_out");
  });

  it("refuses a session that ended a moment ago, though the route still believes it", async () => {
    const token = await apiToken(call, await createAccount("guest"));
    const first = await call("POST", "/api/v1/bookings", {
      token,
      body: bookingBody({ checkIn: hotel.day(60), checkOut: hotel.day(61) }),
      headers: { "idempotency-key": newKey() },
    });
    expect(first.status).toBe(201);
    // Signed out elsewhere (the session row is gone), within the second the route believes it.
    await getPool().query(`DELETE FROM sessions WHERE id = encode(sha256(convert_to($1, 'UTF8')), 'hex')`, [token]);
    const after = await call("POST", "/api/v1/bookings", {
      token,
      body: bookingBody({ checkIn: hotel.day(62), checkOut: hotel.day(63) }),
      headers: { "idempotency-key": newKey() },
    });
    expectProblem(after, 401);
    expect(after.json.code).toBe("unauthenticated");
    const { rows } = await getPool().query(
      `SELECT count(*)::int AS n FROM reservations WHERE property_id = $1 AND check_in = $2`,
      [hotel.propertyId, hotel.day(62)],
    );
    expect(rows[0].n).toBe(0);
  });

  it("asks for a token and an idempotency key", async () => {
    expectProblem(
      await call("POST", "/api/v1/bookings", { body: bookingBody(), headers: { "idempotency-key": newKey() } }),
      401,
    );
    expectProblem(
      await call("POST", "/api/v1/bookings", {
        token: "not-a-real-token-at-all-123",
        body: bookingBody(),
        headers: { "idempotency-key": newKey() },
      }),
      401,
    );
    expectProblem(await call("POST", "/api/v1/bookings", { token: tokens.guest, body: bookingBody() }), 400);
  });

  it.each([
    ["a wrong date", { checkIn: "2027-13-01" }, 422],
    ["check-out before check-in", { checkIn: "D+10", checkOut: "D+9" }, 422],
    ["400 nights", { checkIn: "D+10", checkOut: "D+410" }, 422],
    ["a stay in the past", { checkIn: "D-3", checkOut: "D+1" }, 422],
    ["a negative party", { adults: -1 }, 422],
    ["a fractional party", { adults: 1.5 }, 422],
    ["a party as text", { adults: "two" }, 422],
    ["too many for the room", { adults: 5 }, 422],
    ["an unknown room type", { roomTypeId: "00000000-0000-4000-8000-000000000000" }, 422],
    ["an unknown property", { propertyId: "00000000-0000-4000-8000-000000000000" }, 422],
    ["an unknown rate plan", { ratePlanId: "00000000-0000-4000-8000-000000000000" }, 422],
    ["SQL in an id", { roomTypeId: "'; DROP TABLE reservations; --" }, 422],
    ["an unknown field", { discount: 100 }, 422],
    ["zero rooms", { rooms: 0 }, 422],
  ])("refuses %s", async (_, change, status) => {
    const body: Record<string, unknown> = { ...bookingBody(), ...change };
    for (const field of ["checkIn", "checkOut"]) {
      const match = /^D([+-]\d+)$/.exec(String(body[field]));
      if (match) body[field] = hotel.day(Number(match[1]));
    }
    const response = await call("POST", "/api/v1/bookings", {
      token: tokens.guest,
      body,
      headers: { "idempotency-key": newKey() },
    });
    expectProblem(response, status);
    expect(response.json.errors?.length ?? 0).toBeGreaterThan(0);
  });

  it("refuses bodies that are not JSON objects, too large, or of another type", async () => {
    const post = (rawBody: string, headers: Record<string, string> = { "content-type": "application/json" }) =>
      call("POST", "/api/v1/bookings", {
        token: tokens.guest,
        rawBody,
        headers: { ...headers, "idempotency-key": newKey() },
      });
    expectProblem(await post("{not json"), 400);
    expectProblem(await post("[1,2,3]"), 422);
    expectProblem(await post("null"), 422);
    expectProblem(await post(JSON.stringify({ ...bookingBody(), pad: "x".repeat(100_000) })), 413);
    expectProblem(await post(JSON.stringify(bookingBody()), { "content-type": "text/plain" }), 415);
  });

  it("never answers 500 to whatever a client sends", async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        const response = await call("POST", "/api/v1/bookings", {
          token: tokens.guest,
          rawBody: JSON.stringify(value),
          headers: { "content-type": "application/json", "idempotency-key": newKey() },
        });
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
      }),
      { numRuns: 60 },
    );
  });
});

describe("who may read and cancel a booking", () => {
  it("lets the owner and the property's staff in, and shows everyone else a 404", async () => {
    const made = await call("POST", "/api/v1/bookings", {
      token: tokens.guest,
      body: bookingBody({ checkIn: hotel.day(70), checkOut: hotel.day(71) }),
      headers: { "idempotency-key": newKey() },
    });
    const reference = made.json.booking.reference;
    const get = (token?: string) => call("GET", `/api/v1/bookings/${reference}`, { token });
    expect((await get(tokens.guest)).status).toBe(200);
    expect((await get(tokens.desk)).status).toBe(200);
    expect((await get(tokens.auditor)).status).toBe(200);
    expectProblem(await get(tokens.otherGuest), 404);
    expectProblem(await get(tokens.otherDesk), 404);
    expectProblem(await get(undefined), 401);
    expectProblem(await call("GET", "/api/v1/bookings/NOPE-NOPE", { token: tokens.guest }), 404);
    expectProblem(await call("GET", "/api/v1/bookings/%27%20OR%201=1", { token: tokens.guest }), 404);

    const cancel = (token?: string) => call("POST", `/api/v1/bookings/${reference}/cancel`, { token });
    expectProblem(await cancel(tokens.otherGuest), 404);
    expectProblem(await cancel(tokens.auditor), 403);
    const cancelled = await cancel(tokens.guest);
    expect(cancelled.status).toBe(200);
    expect(cancelled.json.booking.status).toBe("cancelled");
    expect(cancelled.json.booking.reservations[0].status).toBe("cancelled");
    expect(cancelled.json.txid).toMatch(/^\d+$/);
  });

  it("lets front-desk staff cancel for a guest", async () => {
    const made = await call("POST", "/api/v1/bookings", {
      token: tokens.guest,
      body: bookingBody({ checkIn: hotel.day(72), checkOut: hotel.day(73) }),
      headers: { "idempotency-key": newKey() },
    });
    const cancelled = await call("POST", `/api/v1/bookings/${made.json.booking.reference}/cancel`, {
      token: tokens.desk,
    });
    expect(cancelled.status).toBe(200);
    const { rows } = await getPool().query(
      `SELECT channel FROM audit_events WHERE action = 'reservation.cancelled' AND entity_id = $1`,
      [made.json.booking.reservations[0].id],
    );
    expect(rows).toEqual([{ channel: "front_desk" }]);
  });
});

describe("changing a booking's dates", () => {
  const book = async (from: number, to: number) =>
    (
      await call("POST", "/api/v1/bookings", {
        token: tokens.guest,
        body: bookingBody({ checkIn: hotel.day(from), checkOut: hotel.day(to) }),
        headers: { "idempotency-key": newKey() },
      })
    ).json.booking as { reference: string; reservations: { price: number; roomNumber: string }[] };
  const change = (reference: string, body: unknown, token = tokens.guest) =>
    call("POST", `/api/v1/bookings/${reference}/change-dates`, { token, body });

  it("moves the stay, re-priced, keeping the room when it is free; the same dates again change nothing", async () => {
    const booking = await book(80, 82);
    const moved = await change(booking.reference, { checkIn: hotel.day(84), checkOut: hotel.day(87) });
    expect(moved.status).toBe(200);
    const [reservation] = moved.json.booking.reservations;
    expect(reservation).toMatchObject({ checkIn: hotel.day(84), checkOut: hotel.day(87), status: "confirmed" });
    expect(reservation.roomNumber).toBe(booking.reservations[0].roomNumber);
    expect(reservation.price).toBe((booking.reservations[0].price / 2) * 3);
    expect(moved.json.txid).toMatch(/^\d+$/);
    const again = await change(booking.reference, { checkIn: hotel.day(84), checkOut: hotel.day(87) });
    expect(again.status).toBe(200);
    expect(again.json.booking.reservations[0]).toMatchObject({ checkIn: hotel.day(84), checkOut: hotel.day(87) });
  });

  it("says 409 when no room of the type is free for the new dates, and keeps the old ones", async () => {
    const rooms = hotel.roomTypes.DBL.roomIds.length;
    for (let i = 0; i < rooms; i++) await book(90, 91);
    const mine = await book(92, 93);
    expectProblem(await change(mine.reference, { checkIn: hotel.day(90), checkOut: hotel.day(91) }), 409);
    const still = await call("GET", `/api/v1/bookings/${mine.reference}`, { token: tokens.guest });
    expect(still.json.booking.reservations[0]).toMatchObject({ checkIn: hotel.day(92), checkOut: hotel.day(93) });
  });

  it("refuses bad dates with a 422, strangers with a 404, auditors with a 403, cancelled stays with a 409", async () => {
    const booking = await book(95, 96);
    for (const body of [
      { checkIn: hotel.day(97), checkOut: hotel.day(96) },
      { checkIn: hotel.day(97), checkOut: hotel.day(97 + 400) },
      { checkIn: "2027-02-30", checkOut: hotel.day(98) },
      { checkIn: hotel.day(97), checkOut: hotel.day(98), roomTypeId: hotel.roomTypes.DBL.id },
      { checkIn: hotel.day(-3), checkOut: hotel.day(-1) },
      "nonsense",
    ]) {
      expectProblem(await change(booking.reference, body), 422);
    }
    expectProblem(
      await change(booking.reference, { checkIn: hotel.day(97), checkOut: hotel.day(98) }, tokens.otherGuest),
      404,
    );
    expectProblem(
      await change(booking.reference, { checkIn: hotel.day(97), checkOut: hotel.day(98) }, tokens.auditor),
      403,
    );
    expect(
      (await change(booking.reference, { checkIn: hotel.day(97), checkOut: hotel.day(98) }, tokens.desk)).status,
    ).toBe(200);
    await call("POST", `/api/v1/bookings/${booking.reference}/cancel`, { token: tokens.guest });
    expectProblem(await change(booking.reference, { checkIn: hotel.day(99), checkOut: hotel.day(100) }), 409);
  });
});

describe("the API's edges", () => {
  it("answers unknown endpoints and wrong methods with problem+json", async () => {
    expectProblem(await call("GET", "/api/v1/nothing-here"), 404);
    expectProblem(await call("GET", "/api/v1/bookings"), 405);
    expectProblem(await call("POST", "/api/v1/properties", { body: {} }), 405);
  });
});
