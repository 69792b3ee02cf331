// Staff accounts over their life, attacked as the outside review did
// (issue 8): two sessions opened with one temporary password, an enrolment
// finished from the wrong session, a pending key kept past its time; then
// what admins do to staff - deactivate, reactivate, reset the second
// factor, change role and properties - each audited without personal data.
import { createHash, randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createStaff } from "~/auth/staff.server";
import { getPool } from "../../db/pool.server";
import { apiClient, apiToken, createAccount, createProperty, totpNow, webCookie, type ApiCall } from "../helpers";

let call: ApiCall;
let propertyId: string;
let otherPropertyId: string;

beforeAll(async () => {
  call = await apiClient();
  propertyId = (await createProperty({ DBL: { rooms: 1 } })).propertyId;
  otherPropertyId = (await createProperty({ DBL: { rooms: 1 } })).propertyId;
});

function post(path: string, fields: Record<string, string | string[]>, cookie?: string) {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    for (const one of Array.isArray(value) ? value : [value]) body.append(key, one);
  }
  return call("POST", path, {
    rawBody: body.toString(),
    headers: { "content-type": "application/x-www-form-urlencoded", ...(cookie ? { cookie } : {}) },
  });
}

const get = (path: string, cookie: string) => call("GET", path, { headers: { cookie } });

function cookieOf(response: { headers: Headers }): string {
  const match = /hotel_session=([^;]+)/.exec(response.headers.get("set-cookie") ?? "");
  if (!match) throw new Error(`no session cookie: ${response.headers.get("set-cookie")}`);
  return `hotel_session=${match[1]}`;
}

const keyOn = (page: { text: string }) => /<code[^>]*>([A-Z2-7]{16,})<\/code>/.exec(page.text)![1];

async function signInCookie(email: string, password: string, totp?: string) {
  const response = await post("/sign-in", { email, password, ...(totp ? { totp } : {}) });
  expect(response.status, response.text.slice(0, 300)).toBe(302);
  return { cookie: cookieOf(response), location: response.headers.get("location") };
}

async function fullSessions(accountId: string): Promise<number> {
  const { rows } = await getPool().query(
    `SELECT count(*)::int AS n FROM sessions WHERE user_id = $1 AND stage = 'full'`,
    [accountId],
  );
  return rows[0].n;
}

describe("enrolling a second factor", () => {
  it("does not let a second session enrol its own key after the owner enrolled (the review's attack)", async () => {
    const manager = await createAccount("manager", { propertyIds: [propertyId], enrolTotp: false });
    const owner = await signInCookie(manager.email, manager.password);
    const attacker = await signInCookie(manager.email, manager.password);
    expect(owner.location).toBe("/account/two-factor");
    const ownerKey = keyOn(await get("/account/two-factor", owner.cookie));
    const attackerKey = keyOn(await get("/account/two-factor", attacker.cookie));
    // Each session enrols a key of its own.
    expect(attackerKey).not.toBe(ownerKey);

    const enrolled = await post("/account/two-factor", { code: await totpNow(ownerKey) }, owner.cookie);
    expect(enrolled.status).toBe(302);
    expect(enrolled.headers.get("location")).toBe("/account");

    // The attacker's session ended with the enrolment: its own key and code get nothing.
    const late = await post("/account/two-factor", { code: await totpNow(attackerKey) }, attacker.cookie);
    expect(late.status).toBe(302);
    expect(late.headers.get("location")).toMatch(/^\/sign-in/);
    expect(late.headers.get("set-cookie") ?? "").not.toMatch(/hotel_session=[\w-]{20,}/);
    for (const path of ["/board", "/audit", "/account"]) {
      expect((await get(path, attacker.cookie)).headers.get("location"), path).toMatch(/^\/sign-in/);
    }
    expect(await fullSessions(manager.id)).toBe(1);
    // Only the owner's key signs in.
    const withAttackerKey = await post("/sign-in", {
      email: manager.email,
      password: manager.password,
      totp: await totpNow(attackerKey),
    });
    expect(withAttackerKey.status).toBe(401);
  });

  it("fails, and grants nothing, when the account was enrolled meanwhile", async () => {
    const desk = await createAccount("front_desk", { propertyIds: [propertyId], enrolTotp: false });
    const session = await signInCookie(desk.email, desk.password);
    const key = keyOn(await get("/account/two-factor", session.cookie));
    // Enrolled by another way while this session still lives (the old UPDATE … WHERE
    // totp_enrolled_at IS NULL then changed no row and still reported success).
    await getPool().query(`UPDATE accounts SET totp_enrolled_at = now(), totp_secret_enc = 'v1.x.y.z' WHERE id = $1`, [
      desk.id,
    ]);
    const response = await post("/account/two-factor", { code: await totpNow(key) }, session.cookie);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/sign-in");
    expect(await fullSessions(desk.id)).toBe(0);
  });

  it("lets only one of two sessions finishing at once enrol", async () => {
    const auditor = await createAccount("auditor", { propertyIds: [propertyId], enrolTotp: false });
    const a = await signInCookie(auditor.email, auditor.password);
    const b = await signInCookie(auditor.email, auditor.password);
    const keyA = keyOn(await get("/account/two-factor", a.cookie));
    const keyB = keyOn(await get("/account/two-factor", b.cookie));
    const [codeA, codeB] = [await totpNow(keyA), await totpNow(keyB)];
    const responses = await Promise.all([
      post("/account/two-factor", { code: codeA }, a.cookie),
      post("/account/two-factor", { code: codeB }, b.cookie),
    ]);
    const winners = responses.filter((r) => r.headers.get("location") === "/account");
    expect(winners).toHaveLength(1);
    expect(await fullSessions(auditor.id)).toBe(1);
  });

  it("keeps the pending key in its own session, and only for a while", async () => {
    const desk = await createAccount("front_desk", { propertyIds: [propertyId], enrolTotp: false });
    const a = await signInCookie(desk.email, desk.password);
    const b = await signInCookie(desk.email, desk.password);
    const keyA = keyOn(await get("/account/two-factor", a.cookie));
    keyOn(await get("/account/two-factor", b.cookie));
    // A's code is no good in B's session: B enrols B's key, not A's.
    const crossed = await post("/account/two-factor", { code: await totpNow(keyA) }, b.cookie);
    expect(crossed.status).toBe(422);
    expect(crossed.text).toContain("does not match");
    // The pending key is sealed in the session row, not readable there.
    const { rows } = await getPool().query(
      `SELECT pending_totp_enc FROM sessions WHERE user_id = $1 AND pending_totp_enc IS NOT NULL`,
      [desk.id],
    );
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row.pending_totp_enc).not.toContain(keyA);
    // Once it has expired, the right code is refused too, and the page offers a new key.
    await getPool().query(
      `UPDATE sessions SET pending_totp_expires_at = now() - interval '1 second' WHERE user_id = $1`,
      [desk.id],
    );
    const late = await post("/account/two-factor", { code: await totpNow(keyA) }, a.cookie);
    expect(late.status).toBe(422);
    expect(late.text).toContain("This key has expired");
    expect(keyOn(late)).not.toBe(keyA);
  });
});

describe("a temporary password", () => {
  it("must be replaced at first sign-in, which ends every other session, before anything else", async () => {
    const email = `temp-${randomBytes(4).toString("hex")}@example.test`;
    const created = await createStaff(
      { email, displayName: "Tess Temporary", role: "manager", propertyIds: [propertyId] },
      { id: "system:test", channel: "system" },
    );
    if (!created.ok) throw new Error(created.problem);
    const temporary = created.temporaryPassword;

    const owner = await signInCookie(email, temporary);
    const other = await signInCookie(email, temporary);
    expect(owner.location).toBe("/account/password");
    for (const path of ["/account", "/board", "/audit", "/account/two-factor", "/bookings"]) {
      expect((await get(path, owner.cookie)).headers.get("location"), path).toBe("/account/password");
    }
    const api = await call("POST", "/api/v1/sessions", { body: { email, password: temporary } });
    expect(api.status).toBe(201);
    expect(api.json.next).toBe("change_password");
    const refused = await call("GET", "/api/v1/bookings/ABCD-EFGH", { token: api.json.token });
    expect(refused.status).toBe(403);
    expect(refused.json.code).toBe("password_change_required");

    expect((await get("/account/password", owner.cookie)).status).toBe(200);
    const same = await post("/account/password", { password: temporary }, owner.cookie);
    expect(same.status).toBe(422);
    expect(same.text).toContain("other than the temporary one");
    const short = await post("/account/password", { password: "short" }, owner.cookie);
    expect(short.status).toBe(422);
    expect(short.text).toContain("at least 10 characters");
    const huge = await post("/account/password", { password: "x".repeat(5000) }, owner.cookie);
    expect(huge.status).toBe(422);

    const changed = await post("/account/password", { password: "a lighthouse on the quay" }, owner.cookie);
    expect(changed.status).toBe(302);
    expect(changed.headers.get("location")).toBe("/account/two-factor");
    const enrolling = cookieOf(changed);
    // The other session and the API token opened with the temporary password are gone; it no longer signs in.
    expect((await get("/account/password", other.cookie)).headers.get("location")).toMatch(/^\/sign-in/);
    expect((await call("GET", "/api/v1/bookings/ABCD-EFGH", { token: api.json.token })).status).toBe(401);
    expect((await post("/sign-in", { email, password: temporary })).status).toBe(401);

    const key = keyOn(await get("/account/two-factor", enrolling));
    const full = await post("/account/two-factor", { code: await totpNow(key) }, enrolling);
    expect(full.headers.get("location")).toBe("/account");
    expect((await get("/board", cookieOf(full))).status).toBe(200);

    // Audited, with no personal data in the trail.
    const { rows } = await getPool().query(
      `SELECT action, entity_type, entity_id, changes FROM audit_events WHERE entity_ref = $1 ORDER BY id`,
      [created.accountId],
    );
    expect(rows.map((row) => row.action)).toEqual([
      "account.created",
      "account.password_changed",
      "account.totp_enrolled",
    ]);
    expect(rows.every((row) => row.entity_type === "account" && row.entity_id === null)).toBe(true);
    expect(JSON.stringify(rows)).not.toMatch(/temp-|Tess|example\.test/);
  });

  it("is not asked of accounts that chose their own (the demo seed, guests)", async () => {
    const desk = await createAccount("front_desk", { propertyIds: [propertyId] });
    const { location } = await signInCookie(desk.email, desk.password, await totpNow(desk.totpSecret!));
    // Straight to the clerk's own page, not to /account/password.
    expect(location).toBe("/desk");
  });
});

describe("staff sessions", () => {
  it("last 12 hours idle and 7 days at most; guests' 30 days", async () => {
    const desk = await createAccount("front_desk", { propertyIds: [propertyId] });
    const guest = await createAccount("guest");
    const deskToken = await apiToken(call, desk);
    await apiToken(call, guest);
    const { rows } = await getPool().query(
      `SELECT a.role, extract(epoch FROM s.expires_at - now()) / 3600 AS idle_hours,
              extract(epoch FROM s.absolute_expires_at - now()) / 86400 AS absolute_days
         FROM sessions s JOIN accounts a ON a.id = s.user_id WHERE s.user_id IN ($1, $2)`,
      [desk.id, guest.id],
    );
    const byRole = Object.fromEntries(rows.map((row) => [row.role, row]));
    expect(Number(byRole.front_desk.idle_hours)).toBeCloseTo(12, 1);
    expect(Number(byRole.front_desk.absolute_days)).toBeCloseTo(7, 1);
    expect(Number(byRole.guest.idle_hours)).toBeCloseTo(30 * 24, 0);
    expect(byRole.guest.absolute_days).toBeNull();

    // Used after 11 idle hours: pushed out again to 12 hours from now.
    await getPool().query(`UPDATE sessions SET expires_at = now() + interval '1 hour' WHERE user_id = $1`, [desk.id]);
    expect((await call("GET", "/api/v1/bookings/ABCD-EFGH", { token: deskToken })).status).toBe(404);
    const { rows: slid } = await getPool().query(
      `SELECT extract(epoch FROM expires_at - now()) / 3600 AS hours FROM sessions WHERE user_id = $1`,
      [desk.id],
    );
    expect(Number(slid[0].hours)).toBeCloseTo(12, 1);
    // Past its absolute end it is over, however recently used.
    await getPool().query(`UPDATE sessions SET absolute_expires_at = now() - interval '1 second' WHERE user_id = $1`, [
      desk.id,
    ]);
    expect((await call("GET", "/api/v1/bookings/ABCD-EFGH", { token: deskToken })).status).toBe(401);
  });
});

describe("a password reset", () => {
  it("spends every other reset link of the account", async () => {
    const guest = await createAccount("guest");
    const tokens = [0, 1, 2].map(() => randomBytes(32).toString("base64url"));
    for (const token of tokens) {
      await getPool().query(
        `INSERT INTO password_resets (id, account_id, expires_at) VALUES ($1, $2, now() + interval '30 minutes')`,
        [createHash("sha256").update(token).digest("hex"), guest.id],
      );
    }
    const done = await post(`/reset-password/${tokens[0]}`, { password: "a fresh harbour morning" });
    expect(done.status).toBe(302);
    for (const token of tokens.slice(1)) {
      expect((await post(`/reset-password/${token}`, { password: "an attacker's own phrase" })).status).toBe(410);
    }
    expect((await post("/sign-in", { email: guest.email, password: "a fresh harbour morning" })).status).toBe(302);
  });
});

describe("admins and staff accounts", () => {
  let admin: Awaited<ReturnType<typeof createAccount>>;
  let adminCookie: string;

  beforeAll(async () => {
    admin = await createAccount("admin", { propertyIds: [propertyId] });
    adminCookie = await webCookie(call, admin);
  });

  const change = (accountId: string, fields: Record<string, string | string[]>, cookie = adminCookie) =>
    post(`/admin/staff/${accountId}`, fields, cookie);

  async function events(accountId: string) {
    const { rows } = await getPool().query(
      `SELECT action, changes FROM audit_events WHERE entity_type = 'account' AND entity_ref = $1 ORDER BY id`,
      [accountId],
    );
    return rows as { action: string; changes: Record<string, unknown> }[];
  }

  it("deactivate a staff member: their sessions and API tokens stop at once; reactivated, they sign in again", async () => {
    const desk = await createAccount("front_desk", { propertyIds: [propertyId] });
    // One code for every sign-in of this test (as on the demo accounts), so it need not wait for the clock.
    await getPool().query(`UPDATE accounts SET totp_reuse_allowed = true WHERE id = $1`, [desk.id]);
    const code = await totpNow(desk.totpSecret!);
    const deskCookie = (await signInCookie(desk.email, desk.password, code)).cookie;
    const api = await call("POST", "/api/v1/sessions", {
      body: { email: desk.email, password: desk.password, totp: code },
    });
    const deskToken = api.json.token as string;
    const page = await get(`/admin/staff/${desk.id}`, adminCookie);
    expect(page.status).toBe(200);
    expect(page.text).toContain(desk.email);

    const off = await change(desk.id, { intent: "deactivate" });
    expect(off.status).toBe(200);
    expect(off.text).toContain("Account deactivated");
    expect((await get("/account", deskCookie)).headers.get("location")).toMatch(/^\/sign-in/);
    expect((await call("GET", "/api/v1/bookings/ABCD-EFGH", { token: deskToken })).status).toBe(401);
    const refused = await post("/sign-in", { email: desk.email, password: desk.password, totp: code });
    expect(refused.status).toBe(401);
    expect((await get("/admin/staff", adminCookie)).text).toContain("Deactivated");

    const on = await change(desk.id, { intent: "reactivate" });
    expect(on.text).toContain("Account reactivated");
    await signInCookie(desk.email, desk.password, code);
    expect((await events(desk.id)).map((e) => e.action)).toEqual(["account.deactivated", "account.reactivated"]);
  });

  it("reset a staff member's second factor: signed out, they enrol again at their next sign-in", async () => {
    const manager = await createAccount("manager", { propertyIds: [propertyId] });
    const managerCookie = await webCookie(call, manager);
    const reset = await change(manager.id, { intent: "reset_totp" });
    expect(reset.text).toContain("Two-step sign-in reset");
    expect((await get("/board", managerCookie)).headers.get("location")).toMatch(/^\/sign-in/);
    const next = await signInCookie(manager.email, manager.password);
    expect(next.location).toBe("/account/two-factor");
    expect(await events(manager.id)).toEqual([
      { action: "account.totp_reset", changes: { totpEnrolled: [true, false] } },
    ]);
  });

  it("change a staff member's role and properties, audited by role and property id only", async () => {
    const desk = await createAccount("front_desk", { propertyIds: [propertyId] });
    const saved = await change(desk.id, {
      intent: "update",
      role: "manager",
      propertyIds: [propertyId, otherPropertyId],
    });
    expect(saved.status).toBe(200);
    expect(saved.text).toContain("Role and properties saved");
    const { rows } = await getPool().query(
      `SELECT a.role, ARRAY(SELECT property_id::text FROM account_properties WHERE account_id = a.id ORDER BY 1) AS properties
         FROM accounts a WHERE a.id = $1`,
      [desk.id],
    );
    expect(rows[0]).toEqual({ role: "manager", properties: [propertyId, otherPropertyId].sort() });
    const [event] = await events(desk.id);
    expect(event).toEqual({
      action: "account.updated",
      changes: { role: ["front_desk", "manager"], propertyIds: [[propertyId], [propertyId, otherPropertyId].sort()] },
    });
    expect(JSON.stringify(event)).not.toContain(desk.email);
    // The same again changes nothing and writes no event.
    await change(desk.id, { intent: "update", role: "manager", propertyIds: [otherPropertyId, propertyId] });
    expect(await events(desk.id)).toHaveLength(1);
  });

  it("answer bad input with a translated message, never a 500", async () => {
    const desk = await createAccount("front_desk", { propertyIds: [propertyId] });
    const cases: [Record<string, string | string[]>, number, RegExp][] = [
      [{ intent: "update", role: "front_desk" }, 422, /Choose at least one property/],
      [{ intent: "update", role: "guest", propertyIds: propertyId }, 422, /Choose a role/],
      [{ intent: "update", role: "front_desk", propertyIds: "not-a-uuid" }, 422, /existing property/],
      [
        { intent: "update", role: "front_desk", propertyIds: "00000000-0000-4000-8000-000000000000" },
        422,
        /existing property/,
      ],
      [{ intent: "promote-to-root" }, 422, /not possible/],
      [{}, 422, /not possible/],
    ];
    for (const [fields, status, message] of cases) {
      const response = await change(desk.id, fields);
      expect(response.status, JSON.stringify(fields)).toBe(status);
      expect(response.text, JSON.stringify(fields)).toMatch(message);
    }
    const spanish = await call("POST", `/admin/staff/${desk.id}`, {
      rawBody: "intent=update&role=front_desk",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: adminCookie, "accept-language": "es" },
    });
    expect(spanish.text).toContain("Elija al menos un alojamiento");
    for (const id of ["nobody-here", "x".repeat(300), "%27%3B--", "00000000-0000-4000-8000-000000000000"]) {
      expect((await get(`/admin/staff/${id}`, adminCookie)).status, id).toBe(404);
      expect((await change(id, { intent: "deactivate" })).status, id).toBe(404);
    }
    // A guest account is not staff: not reachable here.
    const guest = await createAccount("guest");
    expect((await change(guest.id, { intent: "deactivate" })).status).toBe(404);
    expect(await events(desk.id)).toEqual([]);
  });

  it("are for admins only", async () => {
    const desk = await createAccount("front_desk", { propertyIds: [propertyId] });
    for (const role of ["manager", "front_desk", "auditor", "guest"]) {
      const someone = await createAccount(role, { propertyIds: [propertyId] });
      const cookie = await webCookie(call, someone);
      expect((await change(desk.id, { intent: "deactivate" }, cookie)).status, role).toBe(403);
    }
    expect((await change(desk.id, { intent: "deactivate" }, "")).headers.get("location")).toMatch(/^\/sign-in/);
    expect(await events(desk.id)).toEqual([]);
  });

  it("keep at least one active admin, and an admin cannot deactivate themselves", async () => {
    const self = await change(admin.id, { intent: "deactivate" });
    expect(self.status).toBe(409);
    expect(self.text).toContain("cannot deactivate your own account");
    // Leave two active admins: this one and another.
    const other = await createAccount("admin", { propertyIds: [propertyId] });
    const otherCookie = await webCookie(call, other);
    await getPool().query(`UPDATE accounts SET disabled_at = now() WHERE role = 'admin' AND id NOT IN ($1, $2)`, [
      admin.id,
      other.id,
    ]);
    expect((await change(other.id, { intent: "update", role: "manager", propertyIds: propertyId })).status).toBe(200);
    const last = await change(admin.id, { intent: "update", role: "manager", propertyIds: propertyId });
    expect(last.status).toBe(409);
    expect(last.text).toContain("last active administrator");
    await getPool().query(`UPDATE accounts SET role = 'admin' WHERE id = $1`, [other.id]);

    // Two admins deactivating each other at the same moment: one of them stays.
    const responses = await Promise.all([
      change(other.id, { intent: "deactivate" }),
      change(admin.id, { intent: "deactivate" }, otherCookie),
    ]);
    expect(responses.map((r) => r.status).every((status) => status !== 500)).toBe(true);
    const { rows } = await getPool().query(
      `SELECT count(*)::int AS n FROM accounts WHERE role = 'admin' AND disabled_at IS NULL`,
    );
    expect(rows[0].n).toBeGreaterThanOrEqual(1);
  });
});
