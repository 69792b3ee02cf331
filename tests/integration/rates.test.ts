// The rate calendar as managers run it (issue 11): prices and restrictions
// per night through GET/PUT /api/v1/properties/{id}/rates and the bulk
// endpoint; the booking engine and the search honouring minimum stay, closed
// to arrival and departure, and stop-sell with a `restricted` problem naming
// the rule; bookings already made keeping their price; every change audited;
// the role walk and hostile input. Through the built app's handler.
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
  hotel = await createProperty({ DBL: { rooms: 3, baseRate: 10_000 }, SGL: { rooms: 2, baseRate: 7_000 } });
  otherHotel = await createProperty({ DBL: { rooms: 1 } });
  ({ ids: accounts, tokens } = await apiAccounts(call, {
    guest: { role: "guest" },
    desk: { role: "front_desk", propertyIds: [hotel.propertyId] },
    manager: { role: "manager", propertyIds: [hotel.propertyId] },
    admin: { role: "admin", propertyIds: [hotel.propertyId] },
    auditor: { role: "auditor", propertyIds: [hotel.propertyId] },
    otherManager: { role: "manager", propertyIds: [otherHotel.propertyId] },
  }));
});

const send = (method: string, url: string, body?: unknown, who = "manager") =>
  sender(call, () => tokens, "rates")(method, url, body, who);

const ratesUrl = () => `/api/v1/properties/${hotel.propertyId}/rates`;

/** One night's values on the DBL calendar of the default plan. */
async function night(date: string) {
  const read = await send("GET", `${ratesUrl()}?roomTypeId=${hotel.roomTypes.DBL.id}&from=${date}&to=${date}`);
  expect(read.status, read.text).toBe(200);
  const plan = read.json.calendar.ratePlans.find((p: { ratePlanId: string }) => p.ratePlanId === hotel.ratePlanId);
  return plan.roomTypes[0].nights[0];
}

async function setNights(nights: object[], roomType = "DBL") {
  const put = await send("PUT", ratesUrl(), {
    ratePlanId: hotel.ratePlanId,
    roomTypeId: hotel.roomTypes[roomType].id,
    nights,
  });
  expect(put.status, put.text).toBe(200);
  return put.json;
}

const bookDbl = (from: number, to: number) =>
  send(
    "POST",
    "/api/v1/bookings",
    {
      propertyId: hotel.propertyId,
      roomTypeId: hotel.roomTypes.DBL.id,
      checkIn: hotel.day(from),
      checkOut: hotel.day(to),
      adults: 1,
    },
    "guest",
  );

async function searchDbl(from: number, to: number) {
  const found = await send(
    "GET",
    `/api/v1/availability?propertyId=${hotel.propertyId}&checkIn=${hotel.day(from)}&checkOut=${hotel.day(to)}&adults=1`,
    undefined,
    "guest",
  );
  expect(found.status, found.text).toBe(200);
  return found.json.roomTypes.find((type: { code: string }) => type.code === "DBL");
}

describe("the rate calendar", () => {
  it("reads the base rate where nothing is set, and a night's price and restrictions once set", async () => {
    const date = hotel.day(20);
    expect(await night(date)).toEqual({
      date,
      price: 10_000,
      priceSet: false,
      minStay: null,
      closedToArrival: false,
      closedToDeparture: false,
      stopSell: false,
    });
    const put = await setNights([{ date, price: 12_500, minStay: 2 }]);
    expect(put.changed).toBe(1);
    expect(put.txid).toMatch(/^\d+$/);
    expect(await night(date)).toMatchObject({ price: 12_500, priceSet: true, minStay: 2, stopSell: false });
    // A field left out stays; null takes the night back to the base rate.
    await setNights([{ date, stopSell: true }]);
    expect(await night(date)).toMatchObject({ price: 12_500, minStay: 2, stopSell: true });
    await setNights([{ date, price: null, minStay: null, stopSell: false }]);
    expect(await night(date)).toMatchObject({ price: 10_000, priceSet: false, minStay: null, stopSell: false });
  });

  it("sets Fridays and Saturdays of a month in bulk, and a search prices them so; a booking made before keeps its price", async () => {
    const before = await bookDbl(60, 67);
    expect(before.status, before.text).toBe(201);
    const paid = before.json.booking.totalPrice;
    expect(paid).toBe(7 * 10_000);

    const from = hotel.day(60);
    const to = hotel.day(89);
    const bulk = await send("POST", `${ratesUrl()}/bulk`, {
      roomTypeIds: [hotel.roomTypes.DBL.id],
      ratePlanId: hotel.ratePlanId,
      from,
      to,
      weekdays: ["fri", 6],
      price: 18_000,
    });
    expect(bulk.status, bulk.text).toBe(200);
    const weekend = (date: string) => [5, 6].includes(((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1);
    expect(bulk.json.dates.length).toBeGreaterThanOrEqual(8);
    expect(bulk.json.dates.every(weekend)).toBe(true);
    expect(bulk.json.changed).toBe(bulk.json.dates.length);

    const read = await send("GET", `${ratesUrl()}?roomTypeId=${hotel.roomTypes.DBL.id}&from=${from}&to=${to}`);
    const nights = read.json.calendar.ratePlans.find((p: { isDefault: boolean }) => p.isDefault).roomTypes[0].nights;
    expect(nights).toHaveLength(30);
    for (const n of nights) expect(n.price, n.date).toBe(weekend(n.date) ? 18_000 : 10_000);

    const dbl = await searchDbl(60, 67);
    expect(dbl.totalPrice).toBe(5 * 10_000 + 2 * 18_000);
    const stored = await getPool().query<{ price: string }>(
      `SELECT r.price FROM reservations r JOIN bookings b ON b.id = r.booking_id WHERE b.reference = $1`,
      [before.json.booking.reference],
    );
    expect(Number(stored.rows[0].price)).toBe(paid);
  });

  it("audits every change as the manager who made it", async () => {
    const date = hotel.day(25);
    const { txid } = await setNights([{ date, price: 11_111 }]);
    const { rows } = await getPool().query<{ actor: string; action: string; changes: Record<string, unknown> }>(
      `SELECT actor, action, changes FROM audit_events
        WHERE entity_id = $1 AND action LIKE 'rates.%' AND changes->>'from' = $2 ORDER BY id DESC LIMIT 1`,
      [hotel.ratePlanId, date],
    );
    expect(txid).toMatch(/^\d+$/);
    expect(rows[0]).toMatchObject({ actor: `account:${accounts.manager}`, action: "rates.insert" });
    expect(rows[0].changes).toMatchObject({ room_type_id: hotel.roomTypes.DBL.id, nights: 1 });
    expect(JSON.stringify(rows[0].changes)).toContain("11111");
  });
});

describe("restrictions in the engine and the search", () => {
  it("minimum stay: a shorter stay arriving that day is refused and marked, a long enough one is booked", async () => {
    await setNights([{ date: hotel.day(100), minStay: 3 }]);
    const short = await bookDbl(100, 102);
    expect(short.status, short.text).toBe(409);
    expect(short.json.code).toBe("restricted");
    expect(short.json.restriction).toEqual({ rule: "min_stay", date: hotel.day(100), minStay: 3 });
    expect(short.json.title).toContain("3");
    expect(short.json.errors[0].field).toBe("checkIn");
    const marked = await searchDbl(100, 102);
    expect(marked.ratePlans[0].restriction).toEqual({ rule: "min_stay", date: hotel.day(100), minStay: 3 });
    // The rule is the arrival day's: a stay through that day arriving earlier is not bound by it.
    expect((await searchDbl(99, 101)).ratePlans[0].restriction).toBeNull();
    expect((await bookDbl(100, 103)).status).toBe(201);
  });

  it("closed to arrival and to departure: only the arrival and the departure day count", async () => {
    await setNights([
      { date: hotel.day(110), closedToArrival: true },
      { date: hotel.day(115), closedToDeparture: true },
    ]);
    const arriving = await bookDbl(110, 111);
    expect(arriving.status).toBe(409);
    expect(arriving.json.restriction).toEqual({ rule: "closed_to_arrival", date: hotel.day(110) });
    expect((await searchDbl(109, 111)).ratePlans[0].restriction).toBeNull();

    const leaving = await bookDbl(113, 115);
    expect(leaving.status).toBe(409);
    expect(leaving.json.restriction).toEqual({ rule: "closed_to_departure", date: hotel.day(115) });
    expect(leaving.json.errors[0].field).toBe("checkOut");
    expect((await bookDbl(114, 116)).status).toBe(201);
  });

  it("stop-sell: any night of the stay refuses it, and the other room types are still sold", async () => {
    await setNights([{ date: hotel.day(121), stopSell: true }]);
    const across = await bookDbl(120, 123);
    expect(across.status).toBe(409);
    expect(across.json.restriction).toEqual({ rule: "stop_sell", date: hotel.day(121) });
    // Departing on the stopped day is not selling its night.
    expect((await bookDbl(119, 121)).status).toBe(201);
    const single = await send(
      "POST",
      "/api/v1/bookings",
      {
        propertyId: hotel.propertyId,
        roomTypeId: hotel.roomTypes.SGL.id,
        checkIn: hotel.day(120),
        checkOut: hotel.day(123),
        adults: 1,
      },
      "guest",
    );
    expect(single.status, single.text).toBe(201);
    // The front desk sells a walk-in whatever the calendar says.
    const walkIn = await send(
      "POST",
      "/api/v1/holds",
      {
        propertyId: hotel.propertyId,
        roomTypeId: hotel.roomTypes.DBL.id,
        checkIn: hotel.day(121),
        checkOut: hotel.day(122),
        adults: 1,
      },
      "desk",
    );
    expect(walkIn.status, walkIn.text).toBe(201);
  });

  it("the guest portal's search says the rule instead of offering a booking", async () => {
    await setNights([{ date: hotel.day(125), closedToArrival: true }]);
    const page = await call(
      "GET",
      `/?propertyId=${hotel.propertyId}&checkIn=${hotel.day(125)}&checkOut=${hotel.day(126)}&adults=1&lng=en`,
    );
    expect(page.status).toBe(200);
    const dbl = /<li[^>]*data-restriction="closed_to_arrival"[^]*?<\/li>/.exec(page.text)?.[0] ?? "";
    expect(dbl).toContain("No arrivals on");
    expect(dbl).not.toContain("/book?");
    // The other room type is offered as before.
    expect(page.text).toContain(`roomTypeId=${hotel.roomTypes.SGL.id}`);
    // Reached by its address anyway, the booking page says the rule and offers no form.
    const book = await call(
      "GET",
      `/book?roomTypeId=${hotel.roomTypes.DBL.id}&checkIn=${hotel.day(125)}&checkOut=${hotel.day(126)}&adults=1&lng=en`,
    );
    expect(book.status).toBe(200);
    expect(book.text).toContain("No arrivals on");
    // Not the way on to booking (a visitor is asked to sign in first there).
    expect(book.text).not.toContain("Sign in to book");
  });

  it("binds a guest moving their booking's dates online, not the front desk", async () => {
    await setNights([{ date: hotel.day(150), minStay: 3 }]);
    const booked = await bookDbl(148, 149);
    expect(booked.status, booked.text).toBe(201);
    const reference = booked.json.booking.reference;
    const change = (who: string) =>
      send(
        "POST",
        `/api/v1/bookings/${reference}/change-dates`,
        { checkIn: hotel.day(150), checkOut: hotel.day(151) },
        who,
      );
    const refused = await change("guest");
    expect(refused.status, refused.text).toBe(409);
    expect(refused.json.restriction).toEqual({ rule: "min_stay", date: hotel.day(150), minStay: 3 });
    const moved = await change("desk");
    expect(moved.status, moved.text).toBe(200);
    expect(moved.json.booking.reservations[0].checkIn).toBe(hotel.day(150));
  });

  it("names the rule in the reader's language", async () => {
    await setNights([{ date: hotel.day(130), minStay: 4 }]);
    const german = await call("POST", "/api/v1/bookings", {
      token: tokens.guest,
      headers: { "idempotency-key": `rates-de-${Date.now()}`, "accept-language": "de" },
      body: {
        propertyId: hotel.propertyId,
        roomTypeId: hotel.roomTypes.DBL.id,
        checkIn: hotel.day(130),
        checkOut: hotel.day(131),
        adults: 1,
      },
    });
    expect(german.status).toBe(409);
    expect(german.headers.get("content-language")).toBe("de");
    expect(german.json.title).toContain("mindestens 4 Nächte");
  });
});

describe("who may manage rates, and what is refused", () => {
  it("refuses the front desk, guests and auditors (403), other properties and unknown ids (404)", async () => {
    const body = { ratePlanId: hotel.ratePlanId, roomTypeId: hotel.roomTypes.DBL.id, nights: [{ date: hotel.day(3) }] };
    for (const who of ["desk", "guest", "auditor"]) {
      expect((await send("PUT", ratesUrl(), body, who)).status, who).toBe(403);
      expect((await send("GET", `${ratesUrl()}?from=${hotel.day(1)}&to=${hotel.day(2)}`, undefined, who)).status).toBe(
        403,
      );
    }
    const other = await send("PUT", ratesUrl(), body, "otherManager");
    expect(other.status).toBe(404);
    expect(other.json.code).toBe("property_not_found");
    expect((await send("PUT", "/api/v1/properties/not-a-uuid/rates", body)).status).toBe(404);
    expect(
      (await send("PUT", ratesUrl(), { ...body, nights: [{ date: hotel.day(3), price: 9_000 }] }, "admin")).status,
    ).toBe(200);
  });

  it("answers hostile or wrong input with a 422 naming the field, and changes nothing", async () => {
    const date = hotel.day(140);
    const cases: [unknown, string][] = [
      [
        { ratePlanId: hotel.ratePlanId, roomTypeId: hotel.roomTypes.DBL.id, nights: [{ date: "2026-02-30" }] },
        "nights.0.date",
      ],
      [
        { ratePlanId: hotel.ratePlanId, roomTypeId: hotel.roomTypes.DBL.id, nights: [{ date, price: -1 }] },
        "nights.0.price",
      ],
      [
        { ratePlanId: hotel.ratePlanId, roomTypeId: hotel.roomTypes.DBL.id, nights: [{ date, price: 1.5 }] },
        "nights.0.price",
      ],
      [
        { ratePlanId: hotel.ratePlanId, roomTypeId: hotel.roomTypes.DBL.id, nights: [{ date, minStay: 0 }] },
        "nights.0.minStay",
      ],
      [
        { ratePlanId: hotel.ratePlanId, roomTypeId: hotel.roomTypes.DBL.id, nights: [{ date, stopSell: "yes" }] },
        "nights.0.stopSell",
      ],
      [{ ratePlanId: hotel.ratePlanId, roomTypeId: hotel.roomTypes.DBL.id, nights: [] }, "nights"],
      [{ ratePlanId: hotel.ratePlanId, roomTypeId: hotel.roomTypes.DBL.id, nights: [{ date }, { date }] }, "nights"],
      [{ ratePlanId: hotel.ratePlanId, roomTypeId: hotel.roomTypes.DBL.id, nights: [{ date, x: 1 }] }, "x"],
      [
        { ratePlanId: otherHotel.ratePlanId, roomTypeId: hotel.roomTypes.DBL.id, nights: [{ date, price: 1 }] },
        "ratePlanId",
      ],
      [
        { ratePlanId: hotel.ratePlanId, roomTypeId: otherHotel.roomTypes.DBL.id, nights: [{ date, price: 1 }] },
        "roomTypeId",
      ],
    ];
    for (const [body, field] of cases) {
      const refused = await send("PUT", ratesUrl(), body);
      expect(refused.status, `${JSON.stringify(body)}: ${refused.text}`).toBe(422);
      expect(
        refused.json.errors.map((e: { field: string }) => e.field),
        JSON.stringify(body),
      ).toContain(field);
    }
    const bulk = (extra: object) =>
      send("POST", `${ratesUrl()}/bulk`, {
        roomTypeIds: [hotel.roomTypes.DBL.id],
        ratePlanId: hotel.ratePlanId,
        from: date,
        to: hotel.day(150),
        price: 5_000,
        ...extra,
      });
    for (const [extra, field] of [
      [{ to: hotel.day(139) }, "to"],
      [{ to: hotel.day(140 + 366) }, "to"],
      [{ weekdays: [0] }, "weekdays.0"],
      [{ weekdays: ["someday"] }, "weekdays.0"],
      [{ price: undefined }, "price"],
    ] as const) {
      const refused = await bulk(extra);
      expect(refused.status, `${JSON.stringify(extra)}: ${refused.text}`).toBe(422);
      expect(refused.json.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect((await send("GET", `${ratesUrl()}?from=${date}&to=nope`)).status).toBe(422);
    expect(await night(date)).toMatchObject({ price: 10_000, priceSet: false });
  });
});
