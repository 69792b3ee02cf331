// Forgotten passwords: a single-use link that expires, sent by email. The
// database keeps only the token's hash. Using it changes the password and
// signs the account out everywhere.
import { createHash, randomBytes } from "node:crypto";
import { getPool } from "../../db/pool.server";
import type { Translator } from "~/i18n/translate.server";
import { absoluteUrl } from "~/http/public-url.server";
import { sendMail } from "~/mail/mail.server";
import { emailIndex, type SealedRow } from "~/crypto/envelope.server";
import { openIdentity } from "./identity.server";
import { hashPassword } from "./password.server";
import { passwordProblem, type PasswordProblem } from "./password-policy.server";
import { signOutEverywhere } from "./session.server";

const LINK_MINUTES = 30;

const hash = (token: string) => createHash("sha256").update(token).digest("hex");

/** Sends a reset link when the account exists; says nothing either way. */
export async function requestPasswordReset(email: string, { t }: Translator): Promise<void> {
  const { rows } = await getPool().query<{ id: string } & SealedRow>(
    `SELECT id, (SELECT wrapped FROM data_keys WHERE subject = 'account:' || id) AS data_key_enc, pii_enc
       FROM accounts WHERE email_index = $1 AND disabled_at IS NULL`,
    [emailIndex(email)],
  );
  const account = rows[0];
  const identity = account ? openIdentity(account.id, account) : null;
  if (!account || !identity) return;
  const token = randomBytes(32).toString("base64url");
  await getPool().query(
    `INSERT INTO password_resets (id, account_id, expires_at) VALUES ($1, $2, now() + make_interval(mins => $3))`,
    [hash(token), account.id, LINK_MINUTES],
  );
  // The configured public address, never the request's Host header (an attacker's host would get the token).
  const link = absoluteUrl(`/reset-password/${token}`);
  await sendMail({
    to: identity.email,
    subject: t("mail.reset.subject"),
    text: t("mail.reset.body", { link, minutes: LINK_MINUTES }),
  });
}

export async function isResetTokenUsable(token: string): Promise<boolean> {
  const { rowCount } = await getPool().query(
    `SELECT 1 FROM password_resets WHERE id = $1 AND used_at IS NULL AND expires_at > now()`,
    [hash(token)],
  );
  return (rowCount ?? 0) > 0;
}

export type ResetResult = { ok: true } | { ok: false; problem: PasswordProblem | "link_invalid" };

export async function resetPassword(token: string, password: string): Promise<ResetResult> {
  const problem = passwordProblem(password);
  if (problem) return { ok: false, problem };
  const passwordHash = await hashPassword(password);
  const { rows } = await getPool().query<{ account_id: string }>(
    // One statement spends this link and every other unused link of the
    // account (an old mail in someone else's hands must not set the password
    // again); of two links used at once, only the first counts.
    `WITH target AS (
       SELECT account_id FROM password_resets WHERE id = $1 AND used_at IS NULL AND expires_at > now()
     ), spent AS (
       UPDATE password_resets p SET used_at = now() FROM target
        WHERE p.account_id = target.account_id AND p.used_at IS NULL
        RETURNING p.id, p.account_id
     )
     UPDATE accounts a SET password_hash = $2, password_changed_at = now(), password_must_change = false
       FROM spent WHERE spent.id = $1 AND a.id = spent.account_id
     RETURNING a.id AS account_id`,
    [hash(token), passwordHash],
  );
  if (!rows[0]) return { ok: false, problem: "link_invalid" };
  // Whoever knew the old password is out now, everywhere.
  await signOutEverywhere(rows[0].account_id);
  return { ok: true };
}
