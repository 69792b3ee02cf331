// Who is asking: sign-in with password (and TOTP for staff), the session
// behind a cookie or a bearer token, sign-out and sign-out everywhere.
import { createHash, randomBytes } from "node:crypto";
import { getPool } from "../../db/pool.server";
import { emailIndex, type SealedRow } from "../privacy/envelope.server";
import { openIdentity } from "./identity.server";
import { getLucia, type SessionKind, type SessionStage } from "./lucia.server";
import { hashPassword, verifyPassword } from "./password.server";
import { assertNotLockedOut, clearLoginFailures, rateLimit, recordLoginFailure } from "./throttle.server";
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
  }>(
    `SELECT id, password_hash, role, totp_secret_enc, totp_enrolled_at, disabled_at
       FROM accounts WHERE email_index = $1`,
    [emailIndex(args.email)],
  );
  const row = rows[0];
  dummyHash ??= hashPassword(randomBytes(16).toString("hex"));
  const passwordOk = await verifyPassword(row?.password_hash ?? (await dummyHash), args.password);
  if (!row || !passwordOk || row.disabled_at) return { ok: false, reason: "invalid_credentials" };

  let stage: SessionStage = "full";
  if ((STAFF_ROLES as readonly Role[]).includes(row.role)) {
    if (row.totp_enrolled_at && row.totp_secret_enc) {
      if (!args.totp) return { ok: false, reason: "totp_required" };
      const step = verifyTotp(openTotpSecret(row.id, row.totp_secret_enc), args.totp);
      if (step === null) return { ok: false, reason: "totp_invalid" };
      if (!(await claimTotpStep(row.id, step))) return { ok: false, reason: "totp_reused" };
    } else {
      // Staff must enrol a second factor before anything else.
      stage = "enrol_totp";
    }
  }
  const { token, expiresAt } = await createSession(row.id, { stage, kind: args.kind });
  return { ok: true, token, expiresAt, account: (await loadAccount(row.id))!, stage };
}

/**
 * Sign-in as every channel does it: rate-limited per address, locked out
 * with exponential back-off after repeated failures per account and per
 * address (RateLimited is thrown then), cleared by a success.
 */
export async function attemptSignIn(args: {
  email: string;
  password: string;
  totp?: string;
  kind: SessionKind;
  ip: string;
}): Promise<SignInResult> {
  const keys = { account: args.email, ip: args.ip };
  await rateLimit("sign_in", args.ip);
  await assertNotLockedOut(keys);
  const result = await signInWithPassword(args);
  // "totp_required" is the first step of a good sign-in, not a failure.
  if (result.ok) await clearLoginFailures(keys);
  else if (result.reason !== "totp_required") await recordLoginFailure(keys);
  return result;
}

export async function createSession(accountId: string, attributes: { stage: SessionStage; kind: SessionKind }) {
  const token = randomBytes(32).toString("base64url");
  const session = await getLucia().createSession(accountId, attributes, { sessionId: hashToken(token) });
  return { token, expiresAt: session.expiresAt };
}

/** The session of a request: a bearer token (API) or the session cookie (web). */
export async function authenticate(request: Request): Promise<Auth | undefined> {
  const lucia = getLucia();
  const bearer = lucia.readBearerToken(request.headers.get("authorization") ?? "");
  const token = bearer ?? lucia.readSessionCookie(request.headers.get("cookie") ?? "");
  if (!token || !/^[\w-]{20,100}$/.test(token)) return undefined;
  const { session, user } = await lucia.validateSession(hashToken(token));
  if (!session || !user || user.disabled) return undefined;
  const account = await loadAccount(user.id);
  if (!account) return undefined;
  return {
    account,
    sessionId: session.id,
    stage: session.stage,
    kind: session.kind,
    refreshedCookie: session.fresh && !bearer ? lucia.createSessionCookie(token).serialize() : undefined,
  };
}

export function sessionCookie(token: string): string {
  return getLucia().createSessionCookie(token).serialize();
}

export function blankSessionCookie(): string {
  return getLucia().createBlankSessionCookie().serialize();
}

export async function signOut(sessionId: string): Promise<void> {
  await getLucia().invalidateSession(sessionId);
}

export async function signOutEverywhere(accountId: string): Promise<void> {
  await getLucia().invalidateUserSessions(accountId);
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
