// API sessions: opaque bearer tokens whose SHA-256 is the session id in the
// database, so a leaked sessions table grants nobody access. (The sign-in
// work moves web and API sessions onto lucia; the token format stays.)
import { createHash, randomBytes } from "node:crypto";
import { getPool } from "../../db/pool.server";
import { hashPassword, verifyPassword } from "./password.server";

export type Role = "guest" | "front_desk" | "manager" | "auditor" | "admin";
export const STAFF_ROLES: readonly Role[] = ["front_desk", "manager", "auditor", "admin"];

export type Account = { id: string; email: string; role: Role; displayName: string; propertyIds: string[] };

const SESSION_DAYS = 30;

// A hash to verify against when the email is unknown, so that a wrong email
// and a wrong password take the same time.
let dummyHash: Promise<string> | undefined;

export async function createApiSession(
  email: string,
  password: string,
): Promise<{ token: string; expiresAt: string; account: Account } | undefined> {
  const { rows } = await getPool().query<{ id: string; password_hash: string }>(
    `SELECT id, password_hash FROM accounts WHERE lower(email) = lower($1)`,
    [email],
  );
  const row = rows[0];
  dummyHash ??= hashPassword(randomBytes(16).toString("hex"));
  const ok = await verifyPassword(row?.password_hash ?? (await dummyHash), password);
  if (!row || !ok) return undefined;
  const token = randomBytes(32).toString("base64url");
  const { rows: created } = await getPool().query<{ expires_at: string }>(
    `INSERT INTO sessions (id, user_id, expires_at) VALUES ($1, $2, now() + make_interval(days => $3))
     RETURNING to_json(expires_at) #>> '{}' AS expires_at`,
    [sessionId(token), row.id, SESSION_DAYS],
  );
  const account = await loadAccount({ id: row.id });
  return { token, expiresAt: created[0].expires_at, account: account! };
}

export async function accountForToken(token: string): Promise<Account | undefined> {
  if (!/^[\w-]{20,100}$/.test(token)) return undefined;
  return loadAccount({ sessionId: sessionId(token) });
}

async function loadAccount(by: { id: string } | { sessionId: string }): Promise<Account | undefined> {
  const { rows } = await getPool().query<Account>(
    `SELECT a.id, a.email, a.role, a.display_name AS "displayName",
            ARRAY(SELECT ap.property_id::text FROM account_properties ap WHERE ap.account_id = a.id) AS "propertyIds"
       FROM accounts a
      WHERE ${"id" in by ? "a.id = $1" : "a.id = (SELECT user_id FROM sessions WHERE id = $1 AND expires_at > now())"}`,
    ["id" in by ? by.id : by.sessionId],
  );
  return rows[0];
}

function sessionId(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function isStaff(account: Account): boolean {
  return STAFF_ROLES.includes(account.role);
}

/** Staff act only on the properties they are scoped to. */
export function staffCovers(account: Account, propertyId: string): boolean {
  return isStaff(account) && account.propertyIds.includes(propertyId);
}
