// Sign-up, sign-in, sign-out and staff enrolment through the web forms, as a
// browser without JavaScript posts them.
import { beforeAll, describe, expect, it } from "vitest";
import { emailIndex } from "~/crypto/envelope.server";
import { getPool } from "../../db/pool.server";
import { apiClient, createAccount, createProperty, totpNow, type ApiCall } from "../helpers";

let call: ApiCall;

beforeAll(async () => {
  call = await apiClient();
});

function post(path: string, fields: Record<string, string>, cookie?: string) {
  return call("POST", path, {
    rawBody: new URLSearchParams(fields).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded", ...(cookie ? { cookie } : {}) },
  });
}

function sessionCookieOf(response: { headers: Headers }): string {
  const header = response.headers.get("set-cookie") ?? "";
  const match = /hotel_session=([^;]*)/.exec(header);
  if (!match) throw new Error(`no session cookie in ${header}`);
  return `hotel_session=${match[1]}`;
}

describe("guest sign-up", () => {
  it.each([
    ["short", "abc123", /at least 10 characters/],
    ["common", "password123", /too common/],
    ["their own email", "sam.sample@example.test", /too common/],
  ])("refuses a %s password with a message on the field", async (_, password, message) => {
    const response = await post("/sign-up", { displayName: "Sam Sample", email: "sam.sample@example.test", password });
    expect(response.status).toBe(422);
    expect(response.text).toMatch(message);
    expect(response.text).toMatch(/aria-invalid="true"/);
    // What the guest typed is kept (but never the password).
    expect(response.text).toContain('value="sam.sample@example.test"');
    expect(response.text).not.toContain(password === "sam.sample@example.test" ? "\u0000" : `value="${password}"`);
  });

  it("creates an account with a good password once the emailed link is used, then signs in", async () => {
    const email = `new-${Date.now()}@example.test`;
    const asked = await post("/sign-up", { displayName: "New Guest", email, password: "lighthouse keeper at dawn" });
    expect(asked.status).toBe(200);
    expect(asked.text).toContain("We have sent a message to");
    // Nothing exists until the link is used (tests/integration/web-hardening.test.ts covers the rest).
    const { rows } = await getPool().query(`SELECT 1 FROM accounts WHERE email_index = $1`, [emailIndex(email)]);
    expect(rows).toEqual([]);
    const mail = await getPool().query<{ body: string }>(
      `SELECT body FROM mail_outbox WHERE to_address = $1 ORDER BY id DESC LIMIT 1`,
      [email],
    );
    const link = new URL(/https?:\/\/\S+\/sign-up\/\S+/.exec(mail.rows[0].body)![0]);
    const created = await post(link.pathname, {});
    expect(created.status).toBe(302);
    expect(created.headers.get("location")).toBe("/account");
    const account = await call("GET", "/account", { headers: { cookie: sessionCookieOf(created) } });
    expect(account.status).toBe(200);
    expect(account.text).toContain(email);
  });
});

describe("sign-in and sign-out", () => {
  it("signs in with a cookie, signs out, and the cookie no longer works", async () => {
    const guest = await createAccount("guest");
    const wrong = await post("/sign-in", { email: guest.email, password: "nope" });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toMatch(/do not match/);
    const signedIn = await post("/sign-in", { email: guest.email, password: guest.password, redirectTo: "/account" });
    expect(signedIn.status).toBe(302);
    const cookie = sessionCookieOf(signedIn);
    expect(signedIn.headers.get("set-cookie")).toMatch(/HttpOnly/i);
    expect(signedIn.headers.get("set-cookie")).toMatch(/SameSite=Lax/i);
    expect((await call("GET", "/account", { headers: { cookie } })).status).toBe(200);
    const out = await post("/sign-out", {}, cookie);
    expect(out.status).toBe(302);
    const after = await call("GET", "/account", { headers: { cookie } });
    expect(after.status).toBe(302);
    expect(after.headers.get("location")).toMatch(/^\/sign-in\?redirectTo=%2Faccount/);
  });

  it("never redirects off the site after sign-in", async () => {
    const guest = await createAccount("guest");
    const response = await post("/sign-in", {
      email: guest.email,
      password: guest.password,
      redirectTo: "//evil.example/x",
    });
    expect(response.headers.get("location")).toBe("/account");
  });

  it("signs out everywhere: other browsers and API tokens too", async () => {
    const guest = await createAccount("guest");
    const browserA = sessionCookieOf(await post("/sign-in", { email: guest.email, password: guest.password }));
    const browserB = sessionCookieOf(await post("/sign-in", { email: guest.email, password: guest.password }));
    const api = await call("POST", "/api/v1/sessions", { body: { email: guest.email, password: guest.password } });
    await post("/sign-out", { scope: "everywhere" }, browserA);
    expect((await call("GET", "/account", { headers: { cookie: browserB } })).status).toBe(302);
    expect((await call("GET", "/api/v1/bookings/ABCD-EFGH", { token: api.json.token })).status).toBe(401);
    const { rows } = await getPool().query(`SELECT count(*)::int AS n FROM sessions WHERE user_id = $1`, [guest.id]);
    expect(rows[0].n).toBe(0);
  });
});

describe("staff second factor", () => {
  it("sends new staff to enrol first, and lets them in once the code matches", async () => {
    const manager = await createAccount("manager", { enrolTotp: false });
    const first = await post("/sign-in", { email: manager.email, password: manager.password });
    expect(first.headers.get("location")).toBe("/account/two-factor");
    const enrolCookie = sessionCookieOf(first);
    // Until enrolled, every other page sends them back.
    const elsewhere = await call("GET", "/account", { headers: { cookie: enrolCookie } });
    expect(elsewhere.headers.get("location")).toBe("/account/two-factor");

    const page = await call("GET", "/account/two-factor", { headers: { cookie: enrolCookie } });
    expect(page.status).toBe(200);
    const secret = /<code[^>]*>([A-Z2-7]+)<\/code>/.exec(page.text)![1];
    // The key being enrolled stays in the session, never in the form.
    expect(page.text).not.toMatch(/name="pending"/);
    const wrong = await post("/account/two-factor", { code: "000000" }, enrolCookie);
    expect(wrong.status).toBe(422);
    // The page shows the same key again: a mistyped code does not mean scanning again.
    expect(wrong.text).toContain(secret);
    const done = await post("/account/two-factor", { code: await totpNow(secret) }, enrolCookie);
    expect(done.status).toBe(302);
    const fullCookie = sessionCookieOf(done);
    expect((await call("GET", "/account", { headers: { cookie: fullCookie } })).status).toBe(200);
    // The enrolment session is gone; the next sign-in asks for the code.
    expect((await call("GET", "/account", { headers: { cookie: enrolCookie } })).status).toBe(302);
    const needsCode = await post("/sign-in", { email: manager.email, password: manager.password });
    expect(needsCode.status).toBe(401);
    const withCode = await post("/sign-in", {
      email: manager.email,
      password: manager.password,
      totp: await totpNow(secret),
    });
    expect(withCode.status).toBe(302);
  });
});

describe("forgotten password", () => {
  it("emails a single-use link that sets a new password and signs out everywhere", async () => {
    const guest = await createAccount("guest");
    const api = await call("POST", "/api/v1/sessions", { body: { email: guest.email, password: guest.password } });
    const unknown = await post("/forgot-password", { email: "nobody-at-all@example.test" });
    const known = await post("/forgot-password", { email: guest.email.toUpperCase() });
    // The same answer whether or not the account exists.
    expect(unknown.status).toBe(200);
    expect(known.status).toBe(200);
    expect(known.text).toContain("If an account uses that address");
    const { rows } = await getPool().query(
      `SELECT body FROM mail_outbox WHERE to_address = $1 ORDER BY id DESC LIMIT 1`,
      [guest.email],
    );
    // On the configured public address (in-process, the development default), never the request's host.
    const link = /http:\/\/127\.0\.0\.1:3000(\/reset-password\/[\w-]+)/.exec(rows[0].body)![1];
    const { rows: stored } = await getPool().query(`SELECT id FROM password_resets WHERE account_id = $1`, [guest.id]);
    expect(link).not.toContain(stored[0].id);

    expect((await call("GET", link)).text).toContain("New password");
    expect((await post(link, { password: "short" })).status).toBe(422);
    const done = await post(link, { password: "a fresh harbour morning" });
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe("/sign-in?reset=1");
    expect((await post(link, { password: "another harbour evening" })).status).toBe(410);
    expect((await call("GET", link)).text).toContain("expired or was already used");
    // Old password and old sessions are gone; the new password works.
    expect((await call("GET", "/api/v1/me/export", { token: api.json.token })).status).toBe(401);
    expect((await post("/sign-in", { email: guest.email, password: guest.password })).status).toBe(401);
    expect((await post("/sign-in", { email: guest.email, password: "a fresh harbour morning" })).status).toBe(302);
  });

  it("writes the email in the language the person asked in", async () => {
    const guest = await createAccount("guest");
    await call("POST", "/forgot-password", {
      rawBody: new URLSearchParams({ email: guest.email }).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded", "accept-language": "es" },
    });
    const { rows } = await getPool().query(`SELECT subject, body FROM mail_outbox WHERE to_address = $1`, [
      guest.email,
    ]);
    expect(rows[0].subject).toBe("Restablezca su contraseña del Hotel Harbour Light");
    expect(rows[0].body).toContain("30 minutos");
  });

  it("refuses an expired link", async () => {
    const guest = await createAccount("guest");
    await post("/forgot-password", { email: guest.email });
    await getPool().query(`UPDATE password_resets SET expires_at = now() - interval '1 second' WHERE account_id = $1`, [
      guest.id,
    ]);
    const { rows } = await getPool().query(
      `SELECT body FROM mail_outbox WHERE to_address = $1 ORDER BY id DESC LIMIT 1`,
      [guest.email],
    );
    const link = /http:\/\/127\.0\.0\.1:3000(\/reset-password\/[\w-]+)/.exec(rows[0].body)![1];
    expect((await post(link, { password: "a fresh harbour morning" })).status).toBe(410);
  });
});

describe("staff accounts", () => {
  it("are created by an admin, scoped to properties, with a one-time password to replace and enrolment first", async () => {
    const hotel = await createProperty({ DBL: { rooms: 1 } });
    const admin = await createAccount("admin", { propertyIds: [hotel.propertyId] });
    const adminCookie = sessionCookieOf(
      await post("/sign-in", { email: admin.email, password: admin.password, totp: await totpNow(admin.totpSecret!) }),
    );
    const email = `clerk-${Date.now()}@example.test`;
    const noProperty = await post(
      "/admin/staff",
      { email, displayName: "Cleo Clerk", role: "front_desk" },
      adminCookie,
    );
    expect(noProperty.status).toBe(422);
    expect(noProperty.text).toContain("Choose at least one property.");
    const created = await post(
      "/admin/staff",
      { email, displayName: "Cleo Clerk", role: "front_desk", propertyIds: hotel.propertyId },
      adminCookie,
    );
    expect(created.status).toBe(200);
    const password = /<code class="font-mono">([\w-]+)<\/code>/.exec(created.text)![1];
    const first = await post("/sign-in", { email, password });
    expect(first.headers.get("location")).toBe("/account/password");
    const { rows } = await getPool().query(
      `SELECT a.role, array_agg(ap.property_id::text) AS properties FROM accounts a
         JOIN account_properties ap ON ap.account_id = a.id WHERE a.email_index = $1 GROUP BY a.role`,
      [emailIndex(email)],
    );
    expect(rows[0]).toEqual({ role: "front_desk", properties: [hotel.propertyId] });
    // Only admins may.
    const guestCookie = sessionCookieOf(await post("/sign-in", await guestCredentials()));
    expect((await post("/admin/staff", { email: "x@example.test" }, guestCookie)).status).toBe(403);
  });
});

async function guestCredentials() {
  const guest = await createAccount("guest");
  return { email: guest.email, password: guest.password };
}
