// Accounts: guests sign up themselves; staff are created by an admin, change
// the temporary password at first sign-in, and must enrol a second factor
// before first use.
import { randomUUID } from "node:crypto";
import { getPool, isPgError, withSerializableTx } from "../../db/pool.server";
import { ACCOUNT_SETUP_ACTOR, recordAccountEvent } from "./account-events.server";
import { insertAccount } from "./identity.server";
import { hashPassword, verifyPassword } from "./password.server";
import { passwordProblem, type PasswordProblem } from "./password-policy.server";
import { open, seal } from "~/crypto/aead.server";
import { purposeKey } from "~/crypto/keys.server";
import { createSession, signOutEverywhere, type Account } from "./session.server";
import { newTotpSecret, sealTotpSecret, verifyTotp } from "./totp.server";

export type SignUpResult =
  | { ok: true; accountId: string }
  | { ok: false; field: "email" | "password"; problem: PasswordProblem | "email_taken" };

export async function signUpGuest(args: {
  email: string;
  password: string;
  displayName: string;
}): Promise<SignUpResult> {
  const problem = passwordProblem(args.password, [args.email, args.displayName]);
  if (problem) return { ok: false, field: "password", problem };
  const id = randomUUID();
  try {
    await insertAccount(getPool(), {
      id,
      email: args.email,
      displayName: args.displayName,
      passwordHash: await hashPassword(args.password),
      role: "guest",
    });
  } catch (error) {
    if (isPgError(error, "23505")) return { ok: false, field: "email", problem: "email_taken" };
    throw error;
  }
  return { ok: true, accountId: id };
}

/** How long a secret shown for enrolment stays good. */
export const PENDING_TOTP_MINUTES = 10;

const pendingContext = (accountId: string, sessionId: string) => `${accountId}:${sessionId}`;

/**
 * The secret to show while enrolling. It is kept sealed in the session that
 * asked for it (never in the form), expires after PENDING_TOTP_MINUTES, and
 * stays the same until then, so that a reload or a mistyped code does not
 * make the person scan again. Undefined when the session may not enrol.
 */
export async function startTotpEnrolment(accountId: string, sessionId: string): Promise<string | undefined> {
  const fresh = seal(purposeKey("totp-pending"), newTotpSecret(), pendingContext(accountId, sessionId));
  const { rows } = await getPool().query<{ pending_totp_enc: string }>(
    `UPDATE sessions
        SET pending_totp_enc = CASE WHEN pending_totp_expires_at > now() THEN pending_totp_enc ELSE $3 END,
            pending_totp_expires_at = CASE WHEN pending_totp_expires_at > now() THEN pending_totp_expires_at
                                           ELSE now() + make_interval(mins => $4) END
      WHERE id = $1 AND user_id = $2 AND stage = 'enrol_totp'
      RETURNING pending_totp_enc`,
    [sessionId, accountId, fresh, PENDING_TOTP_MINUTES],
  );
  if (!rows[0]) return undefined;
  return open(purposeKey("totp-pending"), rows[0].pending_totp_enc, pendingContext(accountId, sessionId)).toString(
    "utf8",
  );
}

export type EnrolmentResult =
  { ok: true; token: string } | { ok: false; problem: "mismatch" | "expired" | "already_enrolled" };

/**
 * Finishes enrolment when the code matches the secret pending in this very
 * session. The account must not have enrolled meanwhile (by another
 * session); every session of the account ends, and a full one begins for
 * this browser.
 */
export async function finishTotpEnrolment(
  accountId: string,
  sessionId: string,
  code: string,
  kind: "web" | "api" = "web",
): Promise<EnrolmentResult> {
  const { rows } = await getPool().query<{ pending_totp_enc: string }>(
    `SELECT pending_totp_enc FROM sessions
      WHERE id = $1 AND user_id = $2 AND stage = 'enrol_totp'
        AND pending_totp_enc IS NOT NULL AND pending_totp_expires_at > now()`,
    [sessionId, accountId],
  );
  if (!rows[0]) return { ok: false, problem: "expired" };
  let secret: string;
  try {
    secret = open(purposeKey("totp-pending"), rows[0].pending_totp_enc, pendingContext(accountId, sessionId)).toString(
      "utf8",
    );
  } catch {
    return { ok: false, problem: "expired" };
  }
  const step = verifyTotp(secret, code);
  if (step === null) return { ok: false, problem: "mismatch" };
  const actor = ACCOUNT_SETUP_ACTOR;
  return withSerializableTx({ actor }, async (tx) => {
    // The code that enrolled cannot sign in again.
    const { rowCount } = await tx.query(
      `UPDATE accounts SET totp_secret_enc = $2, totp_enrolled_at = now(), totp_last_step = $3
        WHERE id = $1 AND totp_enrolled_at IS NULL AND NOT password_must_change AND disabled_at IS NULL`,
      [accountId, sealTotpSecret(accountId, secret), step],
    );
    if (rowCount !== 1) {
      // Enrolled meanwhile from elsewhere: this session has no step left to take.
      await tx.query(`DELETE FROM sessions WHERE id = $1`, [sessionId]);
      return { ok: false, problem: "already_enrolled" } as const;
    }
    await recordAccountEvent(tx, actor, "totp_enrolled", accountId);
    // Whoever else held a session (the temporary password, say) is out now.
    await signOutEverywhere(accountId, tx);
    const { token } = await createSession(accountId, { stage: "full", kind }, tx);
    return { ok: true, token } as const;
  });
}

export type PasswordChangeResult =
  | { ok: true; token: string; stage: "full" | "enrol_totp" }
  | { ok: false; problem: PasswordProblem | "same_password" | "not_required" };

/**
 * Replaces the temporary password an admin handed out, at first sign-in.
 * Every session of the account ends (anyone else who knew the temporary
 * password too); the next one goes on to enrol a second factor.
 */
export async function changeTemporaryPassword(
  account: Account,
  password: string,
  kind: "web" | "api" = "web",
): Promise<PasswordChangeResult> {
  const problem = passwordProblem(password, [account.email, account.displayName]);
  if (problem) return { ok: false, problem };
  const { rows } = await getPool().query<{ password_hash: string }>(
    `SELECT password_hash FROM accounts WHERE id = $1 AND password_must_change`,
    [account.id],
  );
  if (!rows[0]) return { ok: false, problem: "not_required" };
  if (await verifyPassword(rows[0].password_hash, password)) return { ok: false, problem: "same_password" };
  const passwordHash = await hashPassword(password);
  const actor = ACCOUNT_SETUP_ACTOR;
  return withSerializableTx({ actor }, async (tx) => {
    const { rows: changed } = await tx.query<{ enrolled: boolean; staff: boolean }>(
      `UPDATE accounts SET password_hash = $2, password_changed_at = now(), password_must_change = false
        WHERE id = $1 AND password_must_change AND disabled_at IS NULL
        RETURNING totp_enrolled_at IS NOT NULL AS enrolled, role <> 'guest' AS staff`,
      [account.id, passwordHash],
    );
    if (!changed[0]) return { ok: false, problem: "not_required" } as const;
    await recordAccountEvent(tx, actor, "password_changed", account.id, { temporary: true });
    await signOutEverywhere(account.id, tx);
    const stage = changed[0].staff && !changed[0].enrolled ? "enrol_totp" : "full";
    const { token } = await createSession(account.id, { stage, kind }, tx);
    return { ok: true, token, stage } as const;
  });
}
