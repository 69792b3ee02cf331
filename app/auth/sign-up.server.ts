// Guests sign up without the answer telling anyone whether an address already
// has an account (decision record 015). Every good sign-up form gets the same
// answer, "we have sent you an email", after the same work (the password is
// hashed either way). A new address gets a link that creates the account and
// signs in; an address that has an account gets a note saying so, with links
// to sign in or choose a new password. Nothing is stored until the link is
// used: the link itself carries the sign-up, sealed, so it cannot be forged
// or read, and it works once (a second use finds the address taken).
import { randomUUID } from "node:crypto";
import { getPool, isPgError } from "../../db/pool.server";
import { absoluteUrl } from "~/http/public-url.server";
import { safeRedirect } from "~/http/redirect.server";
import type { Translator } from "~/i18n/translate.server";
import { sendMail } from "~/mail/mail.server";
import { emailIndex } from "~/crypto/envelope.server";
import { open, seal } from "~/crypto/aead.server";
import { purposeKey } from "~/crypto/keys.server";
import { insertAccount } from "./identity.server";
import { hashPassword } from "./password.server";
import { passwordProblem, type PasswordProblem } from "./password-policy.server";

export const SIGN_UP_LINK_HOURS = 24;
const PURPOSE = "sign-up-link";

type PendingSignUp = {
  email: string;
  displayName: string;
  passwordHash: string;
  redirectTo: string;
  expiresAt: number;
};

export type SignUpRequest = { email: string; password: string; displayName: string; redirectTo?: string };

/** Sends the right email for the address; says nothing about which one it was. */
export async function requestSignUp(
  args: SignUpRequest,
  { t }: Translator,
): Promise<{ ok: true } | { ok: false; field: "password"; problem: PasswordProblem }> {
  const problem = passwordProblem(args.password, [args.email, args.displayName]);
  if (problem) return { ok: false, field: "password", problem };
  const email = args.email.trim();
  // Hashed whether or not the address is taken, so that both answers take as long.
  const passwordHash = await hashPassword(args.password);
  const { rowCount } = await getPool().query(`SELECT 1 FROM accounts WHERE email_index = $1`, [emailIndex(email)]);
  if ((rowCount ?? 0) > 0) {
    await sendMail({
      to: email,
      subject: t("mail.signUpTaken.subject"),
      text: t("mail.signUpTaken.body", { signIn: absoluteUrl("/sign-in"), reset: absoluteUrl("/forgot-password") }),
    });
    return { ok: true };
  }
  const pending: PendingSignUp = {
    email,
    displayName: args.displayName.trim(),
    passwordHash,
    redirectTo: safeRedirect(args.redirectTo, "/account"),
    expiresAt: Date.now() + SIGN_UP_LINK_HOURS * 3600_000,
  };
  const token = seal(purposeKey(PURPOSE), JSON.stringify(pending), PURPOSE);
  await sendMail({
    to: email,
    subject: t("mail.signUp.subject"),
    text: t("mail.signUp.body", { link: absoluteUrl(`/sign-up/${token}`), hours: SIGN_UP_LINK_HOURS }),
  });
  return { ok: true };
}

/** The sign-up a link carries, while it is good; null for a forged, damaged or expired link. */
export function readSignUpLink(token: string): { email: string; displayName: string } | null {
  const pending = openLink(token);
  return pending && { email: pending.email, displayName: pending.displayName };
}

export type FinishSignUp =
  { ok: true; accountId: string; redirectTo: string } | { ok: false; problem: "link_invalid" | "link_used" };

/** Creates the account a link carries; a second use finds the address taken. */
export async function finishSignUp(token: string): Promise<FinishSignUp> {
  const pending = openLink(token);
  if (!pending) return { ok: false, problem: "link_invalid" };
  const id = randomUUID();
  try {
    await insertAccount(getPool(), {
      id,
      email: pending.email,
      displayName: pending.displayName,
      passwordHash: pending.passwordHash,
      role: "guest",
    });
  } catch (error) {
    if (isPgError(error, "23505")) return { ok: false, problem: "link_used" };
    throw error;
  }
  return { ok: true, accountId: id, redirectTo: safeRedirect(pending.redirectTo, "/account") };
}

function openLink(token: string): PendingSignUp | null {
  if (token.length > 4000) return null;
  try {
    const pending = JSON.parse(open(purposeKey(PURPOSE), token, PURPOSE).toString("utf8")) as PendingSignUp;
    return typeof pending.expiresAt === "number" && pending.expiresAt > Date.now() ? pending : null;
  } catch {
    return null;
  }
}
