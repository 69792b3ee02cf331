// Guest data at rest, export, erasure and the front desk's identity check.
import { beforeAll, describe, expect, it } from "vitest";
import { getBooking } from "~/booking/reads.server";
import { sendMail } from "~/mail/mail.server";
import { emailIndex } from "~/booking/guests.server";
import { getPool } from "../../db/pool.server";
import { apiClient, apiToken, createAccount, createProperty, webCookie, type ApiCall, type Fixture } from "../helpers";

let call: ApiCall;
let hotel: Fixture;
let otherHotel: Fixture;
const tokens: Record<string, string> = {};
let guestAccountId: string;

const PII = { fullName: "Zoë Quintanilla-Øster", email: "zoe.quintanilla@example.org", phone: "+351 912 345 678" };

beforeAll(async () => {
  call = await apiClient();
  hotel = await createProperty({ DBL: { rooms: 3 } });
  otherHotel = await createProperty({ DBL: { rooms: 1 } });
  for (const [name, role, propertyIds] of [
    ["guest", "guest", []],
    ["desk", "front_desk", [hotel.propertyId]],
    ["otherDesk", "front_desk", [otherHotel.propertyId]],
    ["admin", "admin", [hotel.propertyId]],
  ] as const) {
    const account = await createAccount(role, { propertyIds: [...propertyIds] });
    if (name === "guest") guestAccountId = account.id;
    tokens[name] = await apiToken(call, account);
  }
});

let keyCounter = 0;
async function bookWithGuest(from: number) {
  const response = await call("POST", "/api/v1/bookings", {
    token: tokens.guest,
    headers: { "idempotency-key": `privacy-${++keyCounter}` },
    body: { ...hotel.stay("DBL", from, from + 2), channel: undefined, guest: PII },
  });
  expect(response.status).toBe(201);
  return response.json.booking;
}

/** Every text value in the tables that could hold guest data, as one string. */
async function rawDump(): Promise<string> {
  const tables = [
    "guests",
    "accounts",
    "bookings",
    "reservations",
    "idempotency_keys",
    "audit_events",
    "guest_documents",
  ];
  const parts = await Promise.all(tables.map((t) => getPool().query(`SELECT to_jsonb(t)::text AS row FROM ${t} t`)));
  return parts.flatMap((p) => p.rows.map((r) => r.row)).join("\n");
}

describe("guest data at rest", () => {
  it("keeps accounts' email and name sealed too", async () => {
    const guest = await createAccount("guest");
    const { rows } = await getPool().query(`SELECT to_jsonb(a)::text AS row FROM accounts a WHERE id = $1`, [guest.id]);
    expect(rows[0].row).not.toContain(guest.email);
    expect(rows[0].row).not.toContain("Test guest");
  });

  it("is encrypted: no table holds the guest's name, email or phone in plain text", async () => {
    const booking = await bookWithGuest(5);
    const dump = await rawDump();
    for (const value of [PII.fullName, PII.email, PII.phone, "Quintanilla", "zoe.quintanilla"]) {
      expect(dump).not.toContain(value);
    }
    // …yet the application reads it back, and finds the guest by email through the blind index.
    expect((await getBooking(booking.reference))?.guestName).toBe(PII.fullName);
    const { rows } = await getPool().query(`SELECT count(*)::int AS n FROM guests WHERE email_index = $1`, [
      emailIndex("  Zoe.Quintanilla@EXAMPLE.org "),
    ]);
    expect(rows[0].n).toBeGreaterThanOrEqual(1);
  });
});

describe("identity check at the front desk", () => {
  it("records document type, country and the number sealed, with who checked it and when", async () => {
    const booking = await bookWithGuest(10);
    const reservationId = booking.reservations[0].id;
    const body = { documentType: "passport", issuingCountry: "pt", number: "CB1234567" };
    const path = `/api/v1/reservations/${reservationId}/identity-check`;
    expect((await call("POST", path, { token: tokens.guest, body })).status).toBe(403);
    expect((await call("POST", path, { token: tokens.otherDesk, body })).status).toBe(404);
    expect(
      (await call("POST", path, { token: tokens.desk, body: { ...body, issuingCountry: "Portugal" } })).status,
    ).toBe(422);
    const recorded = await call("POST", path, { token: tokens.desk, body });
    expect(recorded.status).toBe(201);
    const { rows } = await getPool().query(
      `SELECT document_type, issuing_country, number_enc, checked_by, checked_at FROM guest_documents WHERE reservation_id = $1`,
      [reservationId],
    );
    expect(rows[0]).toMatchObject({ document_type: "passport", issuing_country: "PT" });
    expect(rows[0].number_enc).not.toContain("CB1234567");
    expect(rows[0].checked_by).toBeTruthy();
    expect(rows[0].checked_at).toBeInstanceOf(Date);
  });
});

describe("export", () => {
  it("gives the guest everything held about them, decrypted, and nobody else's", async () => {
    const response = await call("GET", "/api/v1/me/export", { token: tokens.guest });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toMatch(/attachment/);
    expect(response.json.account.id).toBe(guestAccountId);
    expect(response.json.guestProfiles).toContainEqual(
      expect.objectContaining({ fullName: PII.fullName, email: PII.email }),
    );
    expect(response.json.bookings.length).toBeGreaterThanOrEqual(2);
    expect(response.json.identityDocuments).toContainEqual(
      expect.objectContaining({ type: "passport", number: "CB1234567" }),
    );
    expect((await call("GET", "/api/v1/me/export", { token: tokens.desk })).status).toBe(403);
    expect((await call("GET", "/api/v1/me/export")).status).toBe(401);
  });
});

/**
 * What a guest leaves behind outside the sealed rows: throttle counters keyed
 * on their address (raw in older rows, by blind index now), a reset link,
 * mail to them, a booking access code; and the same for someone else.
 */
async function leaveTraces(guest: { id: string; email: string }, reference: string) {
  const pool = getPool();
  const other = `someone.else@${guest.id}.example.test`;
  const { rows } = await pool.query<{ id: number }>(`SELECT coalesce(max(id), 0)::int AS id FROM mail_outbox`);
  await pool.query(`INSERT INTO rate_limits (key, points, expire) VALUES ($1, 3, NULL), ($2, 1, NULL), ($3, 1, NULL)`, [
    `login_failures:account:${guest.email.toLowerCase()}`,
    `password_reset:${emailIndex(guest.email)}`,
    `password_reset:${emailIndex(other)}`,
  ]);
  await pool.query(
    `INSERT INTO password_resets (id, account_id, expires_at) VALUES ($1, $2, now() + interval '30 minutes')`,
    [`reset-${guest.id}`, guest.id],
  );
  await sendMail({ to: guest.email, subject: "Your booking", text: "a code" });
  await sendMail({ to: other, subject: "Your booking", text: "a code" });
  await pool.query(
    `INSERT INTO booking_access_codes (booking_id, code_hash, expires_at)
     SELECT id, 'hash', now() + interval '10 minutes' FROM bookings WHERE reference = $1`,
    [reference],
  );
  return { mailFrom: rows[0].id, other };
}

async function tracesLeft(
  guest: { id: string; email: string },
  reference: string,
  traces: { mailFrom: number; other: string },
) {
  const count = async (sql: string, values: unknown[]) =>
    (await getPool().query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, values)).rows[0].n;
  const mailIds = (await getPool().query<{ id: number }>(`SELECT id FROM mail_outbox WHERE id > $1`, [traces.mailFrom]))
    .rows;
  const outbox = await getPool().query<{ row: string }>(`SELECT to_jsonb(m)::text AS row FROM mail_outbox m`);
  return {
    dataKeys: await count(`data_keys WHERE subject = $1`, [`account:${guest.id}`]),
    rateLimits: await count(`rate_limits WHERE strpos(key, $1) > 0 OR strpos(key, $2) > 0`, [
      guest.email.toLowerCase(),
      emailIndex(guest.email),
    ]),
    passwordResets: await count(`password_resets WHERE account_id = $1`, [guest.id]),
    sessions: await count(`sessions WHERE user_id = $1`, [guest.id]),
    mail: outbox.rows.filter((row) => row.row.toLowerCase().includes(guest.email.toLowerCase())).length,
    idempotency: await count(`idempotency_keys WHERE caller = $1 OR response #>> '{booking,reference}' = $2`, [
      `account:${guest.id}`,
      reference,
    ]),
    accessCodes: await count(`booking_access_codes WHERE booking_id = (SELECT id FROM bookings WHERE reference = $1)`, [
      reference,
    ]),
    othersMail: mailIds.length,
    othersRateLimits: await count(`rate_limits WHERE key = $1`, [`password_reset:${emailIndex(traces.other)}`]),
  };
}

describe("erasure", () => {
  it("by an admin: the guest's key is destroyed, the booking stays with an erased guest", async () => {
    const booking = await bookWithGuest(20);
    const { rows } = await getPool().query(`SELECT guest_id FROM bookings WHERE reference = $1`, [booking.reference]);
    const guestId = rows[0].guest_id;
    expect((await call("POST", `/api/v1/guests/${guestId}/erase`, { token: tokens.desk })).status).toBe(403);
    const erased = await call("POST", `/api/v1/guests/${guestId}/erase`, { token: tokens.admin });
    expect(erased.status).toBe(200);
    const after = await getBooking(booking.reference);
    expect(after?.status).toBe("confirmed");
    expect(after?.guestName).toBeNull();
    const { rows: raw } = await getPool().query(`SELECT pii_enc, email_index, erased_at FROM guests WHERE id = $1`, [
      guestId,
    ]);
    expect(raw[0]).toMatchObject({ pii_enc: null, email_index: null });
    expect(raw[0].erased_at).toBeInstanceOf(Date);
    const { rows: keys } = await getPool().query(`SELECT 1 FROM data_keys WHERE subject = $1`, [`guest:${guestId}`]);
    expect(keys).toEqual([]);
    const { rows: events } = await getPool().query(
      `SELECT actor FROM audit_events WHERE action = 'guest.erased' AND entity_id = $1`,
      [guestId],
    );
    expect(events).toHaveLength(1);
  });

  it("by the guest: their account and guest data go, their bookings stay", async () => {
    const guest = await createAccount("guest");
    const token = (await call("POST", "/api/v1/sessions", { body: { email: guest.email, password: guest.password } }))
      .json.token;
    const made = await call("POST", "/api/v1/bookings", {
      token,
      headers: { "idempotency-key": "self-erase" },
      body: { ...hotel.stay("DBL", 30, 31), channel: undefined, guest: { fullName: "Ada Erase", email: guest.email } },
    });
    const traces = await leaveTraces(guest, made.json.booking.reference);
    expect((await call("POST", "/api/v1/me/erase", { token, body: {} })).status).toBe(422);
    expect((await call("POST", "/api/v1/me/erase", { token, body: { confirm: "erase" } })).status).toBe(200);
    expect((await call("GET", "/api/v1/me/export", { token })).status).toBe(401);
    expect(
      (await call("POST", "/api/v1/sessions", { body: { email: guest.email, password: guest.password } })).status,
    ).toBe(401);
    const booking = await getBooking(made.json.booking.reference);
    expect(booking?.guestName).toBeNull();
    expect(booking?.status).toBe("confirmed");
    expect(await rawDump()).not.toContain("Ada Erase");
    const { rows } = await getPool().query(`SELECT email_index, pii_enc FROM accounts WHERE id = $1`, [guest.id]);
    expect(rows[0]).toEqual({ email_index: null, pii_enc: null });
    // Nothing about them is left outside the bookings; other people's rows are untouched.
    expect(await tracesLeft(guest, made.json.booking.reference, traces)).toEqual({
      dataKeys: 0,
      rateLimits: 0,
      passwordResets: 0,
      sessions: 0,
      mail: 0,
      idempotency: 0,
      accessCodes: 0,
      othersMail: 1,
      othersRateLimits: 1,
    });
  });

  it("through the admin page: found by email or reference, confirmed, erased", async () => {
    const admin = await webCookie(call, await createAccount("admin"));
    const booking = await bookWithGuest(40);
    const page = (url: string) => call("GET", url, { headers: { cookie: admin } });
    // The search is posted: an email never goes into the address.
    const search = (q: string) =>
      call("POST", "/admin/guests", {
        rawBody: new URLSearchParams({ q }).toString(),
        headers: { cookie: admin, "content-type": "application/x-www-form-urlencoded" },
      });
    const byEmail = await search(PII.email.toUpperCase());
    expect(byEmail.status).toBe(200);
    expect(byEmail.text).toContain(PII.fullName);
    expect(byEmail.text).toContain(booking.reference);
    const byReference = await search(booking.reference.toLowerCase());
    expect(byReference.text).toContain(PII.fullName);
    const nonsense = await search("'; DROP TABLE guests; --");
    expect(nonsense.status).toBe(200);
    expect(nonsense.text).toContain("Enter an email address or a booking reference like ABCD-EFGH.");

    const { guestId } = (
      await getPool().query(`SELECT guest_id AS "guestId" FROM bookings WHERE reference = $1`, [booking.reference])
    ).rows[0];
    expect(byReference.text).toContain(`/admin/guests/${guestId}/erase`);
    const ask = await page(`/admin/guests/${guestId}/erase`);
    expect(ask.text).toContain(`Erase the personal data of ${PII.fullName}?`);
    const erased = await call("POST", `/admin/guests/${guestId}/erase`, {
      rawBody: "",
      headers: { cookie: admin, "content-type": "application/x-www-form-urlencoded" },
    });
    expect(erased.status).toBe(302);
    expect(erased.headers.get("location")).toBe("/admin/guests?erased=1");
    const after = await search(booking.reference);
    expect(after.text).toContain("Erased guest");
    expect(after.text).not.toContain(PII.fullName);
    expect((await getBooking(booking.reference))?.guestName).toBeNull();
    // Asking again finds nothing left to erase.
    expect((await page(`/admin/guests/${guestId}/erase`)).headers.get("location")).toBe("/admin/guests?erased=1");
  });
});
