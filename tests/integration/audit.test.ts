// The audit trail page: managers and auditors read every change to their
// property's reservations and rooms, by booking or page by page; guests stay
// unnamed, staff are named; other properties stay out of sight.
import { beforeAll, describe, expect, it } from "vitest";
import { getPool } from "../../db/pool.server";
import { apiClient, apiToken, createAccount, createProperty, webCookie, type ApiCall, type Fixture } from "../helpers";

let call: ApiCall;
let hotel: Fixture;
let other: Fixture;
let manager: string;
let guestToken: string;
let deskToken: string;

beforeAll(async () => {
  call = await apiClient();
  hotel = await createProperty({ DBL: { rooms: 2 } });
  other = await createProperty({ DBL: { rooms: 1 } });
  manager = await webCookie(call, await createAccount("manager", { propertyIds: [hotel.propertyId] }));
  guestToken = await apiToken(call, await createAccount("guest"));
  deskToken = await apiToken(call, await createAccount("front_desk", { propertyIds: [hotel.propertyId] }));
});

const read = (url: string, cookie = manager) => call("GET", url, { headers: { cookie } });

describe("the audit trail", () => {
  it("tells a booking's story: made online by a guest, cancelled at the front desk by a named clerk", async () => {
    const made = await call("POST", "/api/v1/bookings", {
      token: guestToken,
      headers: { "idempotency-key": "audit-1" },
      body: { ...hotel.stay("DBL", 5, 7), channel: undefined, guest: { fullName: "Quiet Guest" } },
    });
    expect(made.status).toBe(201);
    const { reference } = made.json.booking;
    expect((await call("POST", `/api/v1/bookings/${reference}/cancel`, { token: deskToken })).status).toBe(200);

    const page = await read(`/audit?reference=${reference.toLowerCase()}`);
    expect(page.status).toBe(200);
    const text = page.text.replaceAll("<!-- -->", "");
    expect(text).toContain("Reservation made");
    const arrival = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" }).format(
      new Date(`${hotel.day(5)}T00:00:00Z`),
    );
    expect(text).toContain(`Arrival: ${arrival}`);
    expect(text).not.toContain("Hold until");
    expect(text).toContain("Confirmed → Cancelled");
    expect(text).toContain("Test front_desk (Front desk)");
    expect(text).toContain(">Guest<");
    expect(text).not.toContain("Quiet Guest");
    expect(text).toContain(reference);
  });

  it("shows only the manager's own properties, and says when a reference is not one", async () => {
    const elsewhere = await call("POST", "/api/v1/bookings", {
      token: guestToken,
      headers: { "idempotency-key": "audit-2" },
      body: { ...other.stay("DBL", 5, 6), channel: undefined },
    });
    const theirs = elsewhere.json.booking.reference as string;
    const page = await read(`/audit?property=${other.propertyId}&reference=${theirs}`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain(`>${theirs}<`);
    expect(page.text).toContain("No changes recorded.");
    const bad = await read(`/audit?reference=${encodeURIComponent("'; DROP TABLE audit_events; --")}`);
    expect(bad.status).toBe(200);
    expect(bad.text).toContain("Not a booking reference.");
  });

  it("pages through a long trail, newest first", async () => {
    const { rows } = await getPool().query<{ id: string }>(`SELECT id FROM rooms WHERE property_id = $1 LIMIT 1`, [
      hotel.propertyId,
    ]);
    await getPool().query(
      `INSERT INTO audit_events (actor, channel, action, entity_type, entity_id, property_id, changes)
       SELECT 'system:test', 'system', 'room.state', 'room', $1, $2,
              jsonb_build_object('housekeeping_status', jsonb_build_array('clean', 'dirty'), 'n', n)
         FROM generate_series(1, 60) AS n`,
      [rows[0].id, hotel.propertyId],
    );
    const first = await read("/audit");
    expect(first.text).toContain("Room state changed");
    const older = /href="(\?property=[^"]*before=\d+)"/.exec(first.text)?.[1]?.replaceAll("&amp;", "&");
    expect(older).toBeTruthy();
    const second = await read(`/audit${older}`);
    expect(second.status).toBe(200);
    const ns = (html: string) =>
      [...html.replaceAll("<!-- -->", "").matchAll(/<li>n: (\d+)<\/li>/g)].map((m) => Number(m[1]));
    expect(ns(first.text).slice(0, 3)).toEqual([60, 59, 58]);
    expect(Math.max(...ns(second.text))).toBeLessThan(Math.min(...ns(first.text)));
  });
});
