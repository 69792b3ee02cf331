// Managing a booking without signing in: reference + email → a one-time
// code by email → a short-lived, signed grant for that one booking.
import { createHmac, randomInt, timingSafeEqual } from "node:crypto";
import { createCookie } from "@remix-run/node";
import { getPool } from "../../db/pool.server";
import { openIdentity } from "~/auth/identity.server";
import { getEnv } from "~/env.server";
import type { Translator } from "~/i18n/translate.server";
import { sendMail } from "~/mail/mail.server";
import { openGuest } from "./guests.server";
import { purposeKey } from "~/crypto/keys.server";

const CODE_MINUTES = 15;
const MAX_ATTEMPTS = 5;
const GRANT_SECONDS = 60 * 60;

const hashCode = (bookingId: string, code: string) =>
  createHmac("sha256", purposeKey("booking-access-code")).update(`${bookingId}:${code}`).digest("hex");

/** Sends a code when reference and email belong together; says nothing either way. */
export async function sendAccessCode(reference: string, email: string, translator: Translator): Promise<void> {
  const { rows } = await getPool().query<{
    id: string;
    guest_id: string | null;
    guest_key: string | null;
    guest_pii: string | null;
    account_id: string | null;
    account_key: string | null;
    account_pii: string | null;
  }>(
    `SELECT b.id, g.id AS guest_id, (SELECT wrapped FROM data_keys WHERE subject = 'guest:' || g.id) AS guest_key, g.pii_enc AS guest_pii,
            a.id AS account_id, (SELECT wrapped FROM data_keys WHERE subject = 'account:' || a.id) AS account_key, a.pii_enc AS account_pii
       FROM bookings b LEFT JOIN guests g ON g.id = b.guest_id LEFT JOIN accounts a ON a.id = b.account_id
      WHERE b.reference = $1`,
    [reference.toUpperCase()],
  );
  const row = rows[0];
  if (!row) return;
  const wanted = email.trim().toLowerCase();
  const guestEmail = row.guest_id
    ? openGuest({ id: row.guest_id, data_key_enc: row.guest_key, pii_enc: row.guest_pii })?.email
    : null;
  const accountEmail = row.account_id
    ? openIdentity(row.account_id, { data_key_enc: row.account_key, pii_enc: row.account_pii })?.email
    : null;
  const to = [guestEmail, accountEmail].find((candidate) => candidate?.trim().toLowerCase() === wanted);
  if (!to) return;
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  await getPool().query(
    `INSERT INTO booking_access_codes (booking_id, code_hash, expires_at) VALUES ($1, $2, now() + make_interval(mins => $3))`,
    [row.id, hashCode(row.id, code), CODE_MINUTES],
  );
  await sendMail({
    to,
    subject: translator.t("mail.manage.subject", { reference: reference.toUpperCase() }),
    text: translator.t("mail.manage.body", { code, minutes: CODE_MINUTES, reference: reference.toUpperCase() }),
  });
}

/** Checks a code for a booking; true once, for the newest unexpired code, within a few attempts. */
export async function verifyAccessCode(reference: string, code: string): Promise<boolean> {
  if (!/^\d{6}$/.test(code)) return false;
  const { rows } = await getPool().query<{ id: number; booking_id: string; code_hash: string }>(
    `UPDATE booking_access_codes c SET attempts = attempts + 1
       FROM bookings b
      WHERE c.booking_id = b.id AND b.reference = $1 AND c.used_at IS NULL AND c.expires_at > now()
        AND c.attempts < $2
        AND c.id = (SELECT max(id) FROM booking_access_codes WHERE booking_id = b.id)
      RETURNING c.id, c.booking_id, c.code_hash`,
    [reference.toUpperCase(), MAX_ATTEMPTS],
  );
  const row = rows[0];
  if (!row) return false;
  const expected = Buffer.from(row.code_hash, "hex");
  const given = Buffer.from(hashCode(row.booking_id, code), "hex");
  if (!timingSafeEqual(expected, given)) return false;
  await getPool().query(`UPDATE booking_access_codes SET used_at = now() WHERE id = $1`, [row.id]);
  return true;
}

function grantCookie() {
  return createCookie("booking_access", {
    path: "/manage",
    httpOnly: true,
    sameSite: "lax",
    secure: getEnv().NODE_ENV === "production" && getEnv().HOTEL_INSECURE_COOKIES !== "1",
    maxAge: GRANT_SECONDS,
    secrets: [purposeKey("booking-access-cookie").toString("base64")],
  });
}

export async function grantAccess(reference: string): Promise<string> {
  return grantCookie().serialize({ reference: reference.toUpperCase(), until: Date.now() + GRANT_SECONDS * 1000 });
}

/** The booking reference this browser was granted, if the grant is still good. */
export async function grantedReference(request: Request): Promise<string | undefined> {
  const value = (await grantCookie().parse(request.headers.get("cookie"))) as {
    reference?: string;
    until?: number;
  } | null;
  return value?.reference && (value.until ?? 0) > Date.now() ? value.reference : undefined;
}
