// Who is asking: sign-in with password (and TOTP for staff), the session
// behind a cookie or a bearer token, sign-out and sign-out everywhere.
import { createHash, randomBytes } from "node:crypto";
import { getPool, type Db, type Tx } from "../../db/pool.server";
import { emailIndex, type SealedRow } from "~/crypto/envelope.server";
import { openIdentity } from "./identity.server";
import { getLucia, type SessionKind, type SessionStage } from "./lucia.server";
import { hashPassword, verifyPassword } from "./password.server";
import { assertSignInAllowed, clearAccountFailures, recordLoginFailure } from "./throttle.server";
import { claimTotpStep, openTotpSecret, verifyTotp } from "./totp.server";

import { STAFF_ROLES, type Role } from "./roles";

export { STAFF_ROLES, type Role } from "./roles";

export type Account = {
  id: string;
  email: string;
  role: Role;
  displayName: string;
  propertyIds: string[];
  totpEnrolled: boolean;
};

export type Auth = {
  account: Account;
  /** The raw token (cookie or bearer): what the database asks of an account that acts. */
  token: string;
  sessionId: string;
  stage: SessionStage;
  kind: SessionKind;
  /** A refreshed cookie to send back when the session's expiry moved. */
  refreshedCookie?: string;
};

export type SignInResult =
  | { ok: true; token: string; expiresAt: Date; account: Account; stage: SessionStage }
  | { ok: false; reason: "invalid_credentials" | "totp_required" | "totp_invalid" | "totp_reused" };

// A hash to verify against when the email is unknown, so that a wrong email
// and a wrong password take the same time.
let dummyHash: Promise<string> | undefined;

export async function signInWithPassword(args: {
  email: string;
  password: string;
  totp?: string;
  kind: SessionKind;
}): Promise<SignInResult> {
  const { rows } = await getPool().query<{
    id: string;
    password_hash: string;
    role: Role;
    totp_secret_enc: string | null;
    totp_enrolled_at: Date | null;
    disabled_at: Date | null;
    password_must_change: boolean;
  }>(
    `SELECT id, password_hash, role, totp_secret_enc, totp_enrolled_at, disabled_at, password_must_change
       FROM accounts WHERE email_index = $1`,
    [emailIndex(args.email)],
  );
  const row = rows[0];
  dummyHash ??= hashPassword(randomBytes(16).toString("hex"));
  const passwordOk = await verifyPassword(row?.password_hash ?? (await dummyHash), args.password);
  if (!row || !passwordOk || row.disabled_at) return { ok: false, reason: "invalid_credentials" };

  const staff = (STAFF_ROLES as readonly Role[]).includes(row.role);
  const enrolled = Boolean(row.totp_enrolled_at && row.totp_secret_enc);
  if (staff && enrolled) {
    if (!args.totp) return { ok: false, reason: "totp_required" };
    const step = verifyTotp(openTotpSecret(row.id, row.totp_secret_enc!), args.totp);
    if (step === null) return { ok: false, reason: "totp_invalid" };
    if (!(await claimTotpStep(row.id, step))) return { ok: false, reason: "totp_reused" };
  }
  // A temporary password is changed first; staff then enrol a second factor.
  const stage: SessionStage = row.password_must_change ? "change_password" : staff && !enrolled ? "enrol_totp" : "full";
  const { token, expiresAt } = await createSession(row.id, { stage, kind: args.kind });
  return { ok: true, token, expiresAt, account: (await loadAccount(row.id))!, stage };
}

/**
 * Sign-in as every channel does it: rate-limited per address and account
 * and (far higher) per address, locked out with exponential back-off after
 * repeated failures per account (strict) and per address (many failures).
 * RateLimited is thrown then. A correct password without the staff code
 * counts as a failure too - a password alone must not be guessable without
 * limit - but the code's sign-in that follows clears the account's count.
 */
export async function attemptSignIn(args: {
  email: string;
  password: string;
  totp?: string;
  kind: SessionKind;
  ip: string;
}): Promise<SignInResult> {
  const keys = { email: args.email, ip: args.ip };
  await assertSignInAllowed(keys);
  const result = await signInWithPassword(args);
  if (result.ok) await clearAccountFailures(keys);
  else await recordLoginFailure(keys);
  return result;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * How long a session lives. `idle`: it ends after this long unused (each use
 * pushes the end out again, at most once per `refresh`, so that not every
 * request writes). `absolute`: it ends this long after sign-in, used or not.
 * Staff sessions reach guests' data and the whole house, so they are short;
 * a session that may only change a password or enrol is shorter still.
 */
export const SESSION_LIFETIMES = {
  guest: { idle: 30 * DAY, refresh: 15 * DAY, absolute: null },
  staff: { idle: 12 * HOUR, refresh: 15 * MINUTE, absolute: 7 * DAY },
  firstStep: { idle: 30 * MINUTE, refresh: 5 * MINUTE, absolute: HOUR },
} as const;

function lifetimeOf(role: Role, stage: SessionStage) {
  if (stage !== "full") return SESSION_LIFETIMES.firstStep;
  return role === "guest" ? SESSION_LIFETIMES.guest : SESSION_LIFETIMES.staff;
}

/** Starts a session of a (not disabled) account; `db` may be a transaction. */
export async function createSession(
  accountId: string,
  attributes: { stage: SessionStage; kind: SessionKind },
  db: Db | Tx = getPool(),
): Promise<{ token: string; expiresAt: Date }> {
  const { rows } = await db.query<{ role: Role }>(`SELECT role FROM accounts WHERE id = $1 AND disabled_at IS NULL`, [
    accountId,
  ]);
  if (!rows[0]) throw new Error("no such active account");
  const lifetime = lifetimeOf(rows[0].role, attributes.stage);
  const token = randomBytes(32).toString("base64url");
  const now = Date.now();
  const expiresAt = new Date(now + lifetime.idle);
  await db.query(
    `INSERT INTO sessions (id, user_id, expires_at, absolute_expires_at, stage, kind) VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      hashToken(token),
      accountId,
      expiresAt,
      lifetime.absolute === null ? null : new Date(now + lifetime.absolute),
      attributes.stage,
      attributes.kind,
    ],
  );
  return { token, expiresAt };
}

/** The session of a request: a bearer token (API) or the session cookie (web). */
export async function authenticate(request: Request): Promise<Auth | undefined> {
  const lucia = getLucia();
  const bearer = lucia.readBearerToken(request.headers.get("authorization") ?? "");
  const token = bearer ?? lucia.readSessionCookie(request.headers.get("cookie") ?? "");
  if (!token || !/^[\w-]{20,100}$/.test(token)) return undefined;
  const sessionId = hashToken(token);
  const { rows } = await getPool().query<{
    stage: SessionStage;
    kind: SessionKind;
    user_id: string;
    role: Role;
    expires_at: Date;
    absolute_expires_at: Date | null;
  }>(
    `SELECT s.stage, s.kind, s.user_id, s.expires_at, s.absolute_expires_at, a.role
       FROM sessions s JOIN accounts a ON a.id = s.user_id
      WHERE s.id = $1 AND a.disabled_at IS NULL`,
    [sessionId],
  );
  const session = rows[0];
  if (!session) return undefined;
  const now = Date.now();
  const absoluteEnd = session.absolute_expires_at?.getTime() ?? Infinity;
  if (session.expires_at.getTime() <= now || absoluteEnd <= now) {
    await signOut(sessionId);
    return undefined;
  }
  const lifetime = lifetimeOf(session.role, session.stage);
  let fresh = false;
  if (session.expires_at.getTime() - lifetime.idle + lifetime.refresh <= now) {
    await getPool().query(`UPDATE sessions SET expires_at = $2 WHERE id = $1`, [
      sessionId,
      new Date(Math.min(now + lifetime.idle, absoluteEnd)),
    ]);
    fresh = true;
  }
  const account = await loadAccount(session.user_id);
  if (!account) return undefined;
  return {
    account,
    token,
    sessionId,
    stage: session.stage,
    kind: session.kind,
    refreshedCookie: fresh && !bearer ? lucia.createSessionCookie(token).serialize() : undefined,
  };
}

export function sessionCookie(token: string): string {
  return getLucia().createSessionCookie(token).serialize();
}

export function blankSessionCookie(): string {
  return getLucia().createBlankSessionCookie().serialize();
}

export async function signOut(sessionId: string): Promise<void> {
  await getPool().query(`DELETE FROM sessions WHERE id = $1`, [sessionId]);
}

/** Ends every session and API token of the account; `db` may be a transaction. */
export async function signOutEverywhere(accountId: string, db: Db | Tx = getPool()): Promise<void> {
  await db.query(`DELETE FROM sessions WHERE user_id = $1`, [accountId]);
}

export async function loadAccount(id: string): Promise<Account | undefined> {
  const { rows } = await getPool().query<Omit<Account, "email" | "displayName"> & SealedRow>(
    `SELECT a.id, a.role, (SELECT wrapped FROM data_keys WHERE subject = 'account:' || a.id) AS data_key_enc, a.pii_enc, a.totp_enrolled_at IS NOT NULL AS "totpEnrolled",
            ARRAY(SELECT ap.property_id::text FROM account_properties ap WHERE ap.account_id = a.id) AS "propertyIds"
       FROM accounts a WHERE a.id = $1 AND a.disabled_at IS NULL`,
    [id],
  );
  const row = rows[0];
  const identity = row ? openIdentity(row.id, row) : null;
  if (!row || !identity) return undefined;
  const { data_key_enc: _key, pii_enc: _pii, ...account } = row;
  return { ...account, email: identity.email, displayName: identity.displayName };
}

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function isStaff(account: Account): boolean {
  return (STAFF_ROLES as readonly Role[]).includes(account.role);
}

/** Staff act only on the properties they are scoped to. */
export function staffCovers(account: Account, propertyId: string): boolean {
  return isStaff(account) && account.propertyIds.includes(propertyId);
}
