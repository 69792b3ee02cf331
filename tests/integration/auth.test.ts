// Sign-in through the API as every kind of account: passwords, the staff
// second factor, enrolment first, sessions that end, and the throttling
// that stops guessing. Rate limits are on in this file.
import { beforeAll, describe, expect, it } from "vitest";
import { emailIndex } from "~/crypto/envelope.server";
import { getPool } from "../../db/pool.server";
import { apiClient, createAccount, createProperty, totpNow, type ApiCall } from "../helpers";

process.env.HOTEL_RATE_LIMITS = "on";

let call: ApiCall;
let ipCounter = 0;
/** Each test signs in from its own address, so per-address limits stay apart. */
const newIp = () => `10.0.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;

const signIn = (body: Record<string, unknown>, ip = newIp()) =>
  call("POST", "/api/v1/sessions", { body, headers: { "x-hotel-client-ip": ip } });

beforeAll(async () => {
  call = await apiClient();
});

describe("staff sign-in", () => {
  it("asks staff for the one-time code and accepts only the right one", async () => {
    const hotel = await createProperty({ DBL: { rooms: 1 } });
    const desk = await createAccount("front_desk", { propertyIds: [hotel.propertyId] });
    const withoutCode = await signIn({ email: desk.email, password: desk.password });
    expect(withoutCode.status).toBe(401);
    expect(withoutCode.json.code).toBe("totp_required");
    const wrongCode = await signIn({ email: desk.email, password: desk.password, totp: "000000" });
    expect(wrongCode.json.code).toBe("totp_invalid");
    const ok = await signIn({ email: desk.email, password: desk.password, totp: await totpNow(desk.totpSecret!) });
    expect(ok.status).toBe(201);
    expect(ok.json.account.role).toBe("front_desk");
  });

  it("takes each one-time code once, and no earlier code after it", async () => {
    const desk = await createAccount("front_desk");
    const code = await totpNow(desk.totpSecret!);
    const first = await signIn({ email: desk.email, password: desk.password, totp: code });
    expect(first.status).toBe(201);
    const replayed = await signIn({ email: desk.email, password: desk.password, totp: code });
    expect(replayed.status).toBe(401);
    expect(replayed.json.code).toBe("totp_reused");
    expect(replayed.json.title).toMatch(/used already/);
    // The next code is good (once), and then the one before it is not.
    const next = await totpNow(desk.totpSecret!);
    expect((await signIn({ email: desk.email, password: desk.password, totp: next })).status).toBe(201);
    const earlier = await signIn({ email: desk.email, password: desk.password, totp: code });
    expect(earlier.json.code).toBe("totp_reused");
  });

  it("lets a demo account (its secret is public) use one code more than once", async () => {
    const demo = await createAccount("manager");
    await getPool().query(`UPDATE accounts SET totp_reuse_allowed = true WHERE id = $1`, [demo.id]);
    const code = await totpNow(demo.totpSecret!);
    for (let i = 0; i < 3; i++) {
      const response = await signIn({ email: demo.email, password: demo.password, totp: code });
      expect(response.status, JSON.stringify(response.json)).toBe(201);
    }
  });

  it("lets staff without a second factor do nothing but enrol", async () => {
    const hotel = await createProperty({ DBL: { rooms: 1 } });
    const manager = await createAccount("manager", { propertyIds: [hotel.propertyId], enrolTotp: false });
    const session = await signIn({ email: manager.email, password: manager.password });
    expect(session.status).toBe(201);
    expect(session.json.next).toBe("enrol_totp");
    const booking = await call("GET", "/api/v1/bookings/ABCD-EFGH", { token: session.json.token });
    expect(booking.status).toBe(403);
    expect(booking.json.code).toBe("totp_enrolment_required");
  });

  it("keeps the TOTP secret encrypted in the database", async () => {
    const desk = await createAccount("front_desk");
    const { rows } = await getPool().query(`SELECT totp_secret_enc FROM accounts WHERE id = $1`, [desk.id]);
    expect(rows[0].totp_secret_enc).toMatch(/^v1\./);
    expect(rows[0].totp_secret_enc).not.toContain(desk.totpSecret);
  });
});

describe("sessions", () => {
  it("stores only a hash of the token, and refuses an expired session", async () => {
    const guest = await createAccount("guest");
    const { json } = await signIn({ email: guest.email, password: guest.password });
    const { rows } = await getPool().query(`SELECT id FROM sessions WHERE user_id = $1`, [guest.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0].id).not.toBe(json.token);
    expect((await call("GET", "/api/v1/bookings/ABCD-EFGH", { token: json.token })).status).toBe(404);
    await getPool().query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [
      guest.id,
    ]);
    expect((await call("GET", "/api/v1/bookings/ABCD-EFGH", { token: json.token })).status).toBe(401);
  });
});

describe("throttling", () => {
  it("locks an account after repeated wrong passwords, even for the right one, and lets it in after the back-off", async () => {
    const guest = await createAccount("guest");
    for (let i = 0; i < 5; i++) {
      expect((await signIn({ email: guest.email, password: "wrong password" })).status).toBe(401);
    }
    const locked = await signIn({ email: guest.email, password: guest.password });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(locked.headers.get("content-type")).toMatch(/problem\+json/);
    // The fifth failure locks for 2^0 = 1 second; a sixth would double it.
    await new Promise((resolve) => setTimeout(resolve, 1100 * Number(locked.headers.get("retry-after"))));
    expect((await signIn({ email: guest.email, password: guest.password })).status).toBe(201);
    // Success cleared the count: one more mistake does not lock again.
    expect((await signIn({ email: guest.email, password: "wrong password" })).status).toBe(401);
    expect((await signIn({ email: guest.email, password: guest.password })).status).toBe(201);
  });

  it("counts a correct password without the staff code as a failure, but the code's sign-in clears it", async () => {
    const desk = await createAccount("front_desk");
    await getPool().query(`UPDATE accounts SET totp_reuse_allowed = true WHERE id = $1`, [desk.id]);
    const code = await totpNow(desk.totpSecret!);
    // A person who signs in in two steps, again and again, is never locked out.
    for (let i = 0; i < 6; i++) {
      expect((await signIn({ email: desk.email, password: desk.password })).json.code).toBe("totp_required");
      expect((await signIn({ email: desk.email, password: desk.password, totp: code })).status).toBe(201);
    }
    // Someone who has the password but never the code is: five tries, then the account is locked.
    for (let i = 0; i < 5; i++) {
      expect((await signIn({ email: desk.email, password: desk.password })).json.code).toBe("totp_required");
    }
    expect((await signIn({ email: desk.email, password: desk.password, totp: code })).status).toBe(429);
  });

  it("does not lock out a shared network for one noisy client", async () => {
    const wifi = newIp();
    const target = await createAccount("guest");
    // One client hammers one account from the hotel's Wi-Fi …
    const noisy: number[] = [];
    for (let i = 0; i < 30; i++) {
      noisy.push((await signIn({ email: target.email, password: `guess ${i}` }, wifi)).status);
    }
    expect(noisy.slice(0, 5)).toEqual(Array(5).fill(401));
    expect(noisy.at(-1)).toBe(429);
    // … and everyone else on it still signs in.
    for (let i = 0; i < 25; i++) {
      const guest = await createAccount("guest");
      expect((await signIn({ email: guest.email, password: guest.password }, wifi)).status).toBe(201);
    }
  });

  it("locks an address that guesses at many accounts, and a success from it does not clear that", async () => {
    const ip = newIp();
    const statuses: number[] = [];
    for (let i = 0; i < 99; i++) {
      statuses.push((await signIn({ email: `nobody${i}@example.test`, password: "x" }, ip)).status);
    }
    expect(statuses.every((status) => status === 401)).toBe(true);
    // A good sign-in in between clears the account's count only.
    const guest = await createAccount("guest");
    expect((await signIn({ email: guest.email, password: guest.password }, ip)).status).toBe(201);
    expect((await signIn({ email: "nobody-last@example.test", password: "x" }, ip)).status).toBe(401);
    const locked = await signIn({ email: guest.email, password: guest.password }, ip);
    expect(locked.status).toBe(429);
    // Elsewhere the account is fine.
    expect((await signIn({ email: guest.email, password: guest.password })).status).toBe(201);
  });

  it("keys every limit on the email's blind index, never the address", async () => {
    const email = `Tried.Only-${Date.now()}@Example.test`;
    for (let i = 0; i < 3; i++) await signIn({ email, password: "wrong" });
    const guest = await createAccount("guest");
    await signIn({ email: guest.email, password: "wrong" });
    await call("POST", "/forgot-password", {
      rawBody: new URLSearchParams({ email }).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded", "x-hotel-client-ip": newIp() },
    });
    const { rows } = await getPool().query<{ key: string }>(`SELECT key FROM rate_limits`);
    expect(rows.length).toBeGreaterThan(3);
    const leaked = rows.filter(({ key }) => /@|example\.test/i.test(key) || key.includes(guest.id));
    expect(leaked).toEqual([]);
    expect(rows.some(({ key }) => key.includes(emailIndex(email)))).toBe(true);
  });

  it("limits searches per address, in the API and on the page alike", async () => {
    const hotel = await createProperty({ DBL: { rooms: 1 } });
    const ip = newIp();
    const query = `propertyId=${hotel.propertyId}&checkIn=${hotel.day(5)}&checkOut=${hotel.day(6)}&adults=1`;
    const headers = { "x-hotel-client-ip": ip };
    const statuses = await Promise.all(
      Array.from({ length: 300 }, () => call("GET", `/api/v1/availability?${query}`, { headers })),
    ).then((responses) => responses.map((response) => response.status));
    expect(statuses.every((status) => status === 200)).toBe(true);
    const page = await call("GET", `/?${query}`, { headers });
    expect(page.status).toBe(429);
    expect(Number(page.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(page.text).toMatch(/Too many attempts. Please wait \d+ seconds?/);
    const api = await call("GET", `/api/v1/availability?${query}`, { headers });
    expect(api.status).toBe(429);
    // Another address still searches.
    expect((await call("GET", `/?${query}`, { headers: { "x-hotel-client-ip": newIp() } })).status).toBe(200);
  });

  it("limits bookings per account", async () => {
    const hotel = await createProperty({ DBL: { rooms: 1 } });
    const guest = await createAccount("guest");
    const { json } = await signIn({ email: guest.email, password: guest.password });
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) {
      const response = await call("POST", "/api/v1/bookings", {
        token: json.token,
        headers: { "idempotency-key": `limit-${i}` },
        body: { ...hotel.stay("DBL", 10 + i, 11 + i), channel: undefined },
      });
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 60).every((status) => status === 201)).toBe(true);
    expect(statuses[60]).toBe(429);
  });
});
