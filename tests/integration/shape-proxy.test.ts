// The shape proxy (/shapes/:name) in front of the embedded shape server: who
// may read which shape, what a browser may and may not say, which columns
// come back (never guest PII), and the real @electric-sql/client following a
// booking made through the API.
import { Shape, ShapeStream, type Row } from "@electric-sql/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setShapeUpstream } from "~/sync/upstream.server";
import { startShapeServer, type ShapeServer } from "../../shape-server";
import { BOOKING_COLUMNS, RESERVATION_COLUMNS } from "~/sync/shapes";
import { getPool } from "../../db/pool.server";
import {
  apiClient,
  apiToken,
  appFetch,
  createAccount,
  createProperty,
  webCookie,
  type ApiCall,
  type Fixture,
} from "../helpers";

let server: ShapeServer;
let call: ApiCall;
let hotel: Fixture;
let other: Fixture;
let manager: string;
let guest: string;
let guestAccountId: string;

beforeAll(async () => {
  server = await startShapeServer({
    databaseUrl: process.env.DATABASE_OWNER_URL!,
    secret: "proxy-secret",
    longPollMs: 1000,
  });
  // In process, as the launcher wires the embedded server; one test below goes over HTTP as to a real Electric.
  setShapeUpstream({ url: server.url, secret: "proxy-secret", serve: server.serve });
  call = await apiClient();
  hotel = await createProperty({ DBL: { rooms: 4 } });
  other = await createProperty({ DBL: { rooms: 2 } });
  manager = await apiToken(call, await createAccount("manager", { propertyIds: [hotel.propertyId] }));
  const guestAccount = await createAccount("guest");
  guestAccountId = guestAccount.id;
  guest = await apiToken(call, guestAccount);
});

afterAll(async () => {
  setShapeUpstream(undefined);
  await server.close();
});

const window = () => `from=${hotel.day(0)}&to=${hotel.day(20)}`;

async function book(token: string, from: number) {
  const response = await call("POST", "/api/v1/bookings", {
    token,
    headers: { "idempotency-key": `proxy-${from}-${Math.random()}` },
    body: { ...hotel.stay("DBL", from, from + 2), channel: undefined, guest: { fullName: "Ada Secret-Name" } },
  });
  expect(response.status).toBe(201);
  return response.json as { booking: { reference: string; reservations: { id: string }[] }; txid: string };
}

describe("the shape proxy", () => {
  it("serves the shape definition's columns of the caller's property, and no guest PII", async () => {
    await book(guest, 3);
    const response = await call("GET", `/shapes/reservations?propertyId=${hotel.propertyId}&${window()}&offset=-1`, {
      token: manager,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("electric-handle")).toBeTruthy();
    expect(response.headers.get("electric-offset")).toBeTruthy();
    expect(response.headers.get("cache-control")).toMatch(/^private/);
    const rows = (response.json as { value?: Record<string, unknown> }[]).filter((m) => m.value);
    expect(rows.length).toBeGreaterThan(0);
    for (const { value } of rows) {
      expect(Object.keys(value!).sort()).toEqual([...RESERVATION_COLUMNS].sort());
      expect(value!.property_id).toBe(hotel.propertyId);
    }
    expect(response.text).not.toContain("Ada Secret-Name");
    expect(Object.keys(JSON.parse(response.headers.get("electric-schema")!)).sort()).toEqual(
      [...RESERVATION_COLUMNS].sort(),
    );
  });

  it("serves the day's bookings of the property, from the start of that day in its time zone", async () => {
    const made = await book(guest, 15);
    const today = await call(
      "GET",
      `/shapes/bookings-since?propertyId=${hotel.propertyId}&day=${hotel.day(0)}&offset=-1`,
      {
        token: manager,
      },
    );
    expect(today.status).toBe(200);
    const references = (today.json as { value?: { reference: string; channel: string } }[])
      .filter((m) => m.value)
      .map((m) => m.value!.reference);
    expect(references).toContain(made.booking.reference);
    const tomorrow = await call(
      "GET",
      `/shapes/bookings-since?propertyId=${hotel.propertyId}&day=${hotel.day(1)}&offset=-1`,
      { token: manager },
    );
    expect((tomorrow.json as { value?: unknown }[]).filter((m) => m.value)).toEqual([]);
  });

  it("never lets the browser pick the table, the where clause or the columns", async () => {
    for (const extra of ["table=guests", "where=true", "columns=id,pii_enc", "params%5B1%5D=x", "secret=x"]) {
      const response = await call("GET", `/shapes/rooms?propertyId=${hotel.propertyId}&offset=-1&${extra}`, {
        token: manager,
      });
      expect(response.status, extra).toBe(422);
      expect(response.headers.get("content-type")).toMatch(/problem\+json/);
    }
  });

  it("refuses bad protocol parameters and windows with a translated 422", async () => {
    const bad = await call("GET", `/shapes/rooms?propertyId=${hotel.propertyId}&offset=banana`, {
      token: manager,
      headers: { "accept-language": "es" },
    });
    expect(bad.status).toBe(422);
    expect(bad.headers.get("content-language")).toBe("es");
    const wide = await call(
      "GET",
      `/shapes/reservations?propertyId=${hotel.propertyId}&from=${hotel.day(0)}&to=${hotel.day(200)}&offset=-1`,
      { token: manager },
    );
    expect(wide.status).toBe(422);
  });

  it("hides properties the caller is not scoped to, and unknown shapes", async () => {
    const elsewhere = await call("GET", `/shapes/rooms?propertyId=${other.propertyId}&offset=-1`, { token: manager });
    expect(elsewhere.status).toBe(404);
    const unknown = await call("GET", `/shapes/guests?offset=-1`, { token: manager });
    expect(unknown.status).toBe(404);
    const asGuest = await call("GET", `/shapes/rooms?propertyId=${hotel.propertyId}&offset=-1`, { token: guest });
    expect(asGuest.status).toBe(403);
    const anonymous = await call("GET", `/shapes/rooms?propertyId=${hotel.propertyId}&offset=-1`);
    expect(anonymous.status).toBe(401);
  });

  it("gives a guest only their own bookings", async () => {
    const mine = await book(guest, 6);
    const someoneElse = await apiToken(call, await createAccount("guest"));
    const theirs = await book(someoneElse, 9);
    const response = await call("GET", `/shapes/my-bookings?offset=-1`, { token: guest });
    expect(response.status).toBe(200);
    const references = (response.json as { value?: { reference: string } }[])
      .filter((m) => m.value)
      .map((m) => m.value!.reference);
    expect(references).toContain(mine.booking.reference);
    expect(references).not.toContain(theirs.booking.reference);
    const columns = Object.keys(JSON.parse(response.headers.get("electric-schema")!)).sort();
    expect(columns).toEqual([...BOOKING_COLUMNS, "version"].sort());
    expect(guestAccountId).toBeTruthy();
    // Any change to one of its reservations counts up the booking's version, which the shape carries.
    const version = (
      await getPool().query(`SELECT version FROM bookings WHERE reference = $1`, [mine.booking.reference])
    ).rows[0].version as number;
    await call("POST", `/api/v1/bookings/${mine.booking.reference}/cancel`, { token: guest });
    const after = (await getPool().query(`SELECT version FROM bookings WHERE reference = $1`, [mine.booking.reference]))
      .rows[0].version as number;
    expect(after).toBe(version + 1);
  });

  it("passes the same protocol through over HTTP, as to a real Electric at ELECTRIC_URL", async () => {
    setShapeUpstream({ url: server.url, secret: "proxy-secret" });
    try {
      const path = `/shapes/reservations?propertyId=${hotel.propertyId}&${window()}`;
      const start = await call("GET", `${path}&offset=-1`, { token: manager });
      expect(start.status).toBe(200);
      const handle = start.headers.get("electric-handle")!;
      const offset = start.headers.get("electric-offset")!;
      expect(start.headers.get("electric-schema")).toBeTruthy();
      const made = await book(guest, 18);
      // Long polls of a second here: follow the log until the booking arrives.
      const txids: string[] = [];
      for (let at = offset, polls = 0; !txids.includes(made.txid) && polls < 10; polls++) {
        const live = await call("GET", `${path}&offset=${at}&handle=${handle}&live=true`, { token: manager });
        expect(live.status).toBe(200);
        expect(live.headers.get("electric-cursor")).toMatch(/^\d+$/);
        expect(live.headers.get("cache-control")).toMatch(/^private/);
        for (const message of live.json as { headers: { txids?: number[] } }[])
          txids.push(...(message.headers.txids ?? []).map(String));
        at = live.headers.get("electric-offset")!;
      }
      expect(txids).toContain(made.txid);
      const stale = await call("GET", `${path}&offset=${offset}&handle=not-${handle}`, { token: manager });
      expect(stale.status).toBe(409);
      expect(stale.headers.get("electric-handle")).toBe(handle);
    } finally {
      setShapeUpstream({ url: server.url, secret: "proxy-secret", serve: server.serve });
    }
  });

  it("lets @electric-sql/client follow a booking and its cancellation, matched by the write's txid", async () => {
    const fetchClient = await appFetch();
    const controller = new AbortController();
    const stream = new ShapeStream<Row>({
      url: "http://hotel.test/shapes/reservations",
      params: { propertyId: hotel.propertyId, from: hotel.day(0), to: hotel.day(20) },
      headers: { authorization: `Bearer ${manager}` },
      fetchClient,
      signal: controller.signal,
    });
    const seenTxids = new Set<string>();
    stream.subscribe((messages) => {
      for (const message of messages) {
        const txids = (message.headers as { txids?: number[] }).txids;
        txids?.forEach((txid) => seenTxids.add(String(txid)));
      }
    });
    const shape = new Shape(stream);
    try {
      await shape.rows;
      const made = await book(guest, 12);
      const reservationId = made.booking.reservations[0].id;
      await until(() => seenTxids.has(made.txid), "the booking's txid");
      expect(shape.currentRows.find((row) => row.id === reservationId)?.status).toBe("confirmed");
      const cancelled = await call("POST", `/api/v1/bookings/${made.booking.reference}/cancel`, { token: guest });
      expect(cancelled.status).toBe(200);
      await until(() => seenTxids.has(cancelled.json.txid), "the cancellation's txid");
      expect(shape.currentRows.find((row) => row.id === reservationId)?.status).toBe("cancelled");
    } finally {
      controller.abort();
    }
  });
});

describe("changing a room from the board", () => {
  const post = (cookie: string, fields: Record<string, string>) =>
    call("POST", "/board", {
      rawBody: new URLSearchParams(fields).toString(),
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
    });

  it("lets the manager take a room out of order, audited, and the rooms shape carries its txid", async () => {
    const cookie = await webCookie(call, await createAccount("manager", { propertyIds: [hotel.propertyId] }));
    const room = hotel.roomTypes.DBL.roomIds[2];
    const start = await call("GET", `/shapes/rooms?propertyId=${hotel.propertyId}&offset=-1`, { token: manager });
    const at = { handle: start.headers.get("electric-handle")!, offset: start.headers.get("electric-offset")! };
    const saved = await post(cookie, { roomId: room, outOfOrder: "yes", housekeeping: "dirty" });
    expect(saved.status).toBe(200);
    const {
      rows: [event],
    } = await getPool().query<{ txid: string; changes: Record<string, unknown> }>(
      `SELECT txid::xid::text AS txid, changes FROM audit_events WHERE entity_id = $1 AND action = 'room.state'`,
      [room],
    );
    expect(event.changes).toMatchObject({ out_of_order: [false, true], housekeeping_status: ["clean", "dirty"] });
    const live = await call(
      "GET",
      `/shapes/rooms?propertyId=${hotel.propertyId}&offset=${at.offset}&handle=${at.handle}&live=true`,
      { token: manager },
    );
    const update = (live.json as { value?: Record<string, unknown>; headers: { txids?: number[] } }[]).find(
      (m) => m.value?.id === room,
    );
    expect(update?.headers.txids).toEqual([Number(event.txid)]);
    expect(update?.value).toMatchObject({ out_of_order: "t", housekeeping_status: "dirty" });
  });

  it("refuses auditors, rooms of other properties and empty changes", async () => {
    const auditor = await webCookie(call, await createAccount("auditor", { propertyIds: [hotel.propertyId] }));
    expect((await post(auditor, { roomId: hotel.roomTypes.DBL.roomIds[0], outOfOrder: "yes" })).status).toBe(403);
    const cookie = await webCookie(call, await createAccount("manager", { propertyIds: [hotel.propertyId] }));
    expect((await post(cookie, { roomId: other.roomTypes.DBL.roomIds[0], outOfOrder: "yes" })).status).toBe(404);
    expect((await post(cookie, { roomId: hotel.roomTypes.DBL.roomIds[0] })).status).toBe(422);
    expect((await post(cookie, { roomId: "'; DROP TABLE rooms; --", outOfOrder: "yes" })).status).toBe(422);
  });
});

async function until(check: () => boolean, what: string, timeoutMs = 10_000) {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
