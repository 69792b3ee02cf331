// Accounts: guests sign up themselves; staff are created by an admin and
// must enrol a second factor before first use.
import { randomUUID } from "node:crypto";
import { getPool, isPgError } from "../../db/pool.server";
import { insertAccount } from "./identity.server";
import { hashPassword } from "./password.server";
import { passwordProblem, type PasswordProblem } from "./password-policy.server";
import { open, purposeKey, seal } from "../privacy/keys.server";
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

/** A fresh secret to show while enrolling, sealed so the form can carry it untampered. */
export function startTotpEnrolment(accountId: string) {
  const secret = newTotpSecret();
  return { secret, pending: seal(purposeKey("totp-pending"), secret, accountId) };
}

/** Finishes enrolment when the code matches the pending secret; false otherwise. */
export async function finishTotpEnrolment(accountId: string, pending: string, code: string): Promise<boolean> {
  let secret: string;
  try {
    secret = open(purposeKey("totp-pending"), pending, accountId).toString("utf8");
  } catch {
    return false;
  }
  const step = verifyTotp(secret, code);
  if (step === null) return false;
  // The code that enrolled cannot sign in again.
  await getPool().query(
    `UPDATE accounts SET totp_secret_enc = $2, totp_enrolled_at = now(), totp_last_step = $3
      WHERE id = $1 AND totp_enrolled_at IS NULL`,
    [accountId, sealTotpSecret(accountId, secret), step],
  );
  return true;
}
