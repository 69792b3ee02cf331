// TOTP second factor for staff (RFC 6238: SHA-1, 6 digits, 30 s), via otpauth.
// Secrets are stored sealed under a key derived from the master key.
import { Secret, TOTP } from "otpauth";
import QRCode from "qrcode";
import { getPool } from "../../db/pool.server";
import { open, seal } from "~/crypto/aead.server";
import { purposeKey } from "~/crypto/keys.server";

const ISSUER = "Harbour Light Hotel";

function totp(secretBase32: string, label = "staff") {
  return new TOTP({
    issuer: ISSUER,
    label,
    algorithm: "SHA1",
    digits: 6,
    period: 30,
    secret: Secret.fromBase32(secretBase32),
  });
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/**
 * Accepts the current code and the ones just before and after, for clock
 * drift; answers the time step the code belongs to (null when it is wrong),
 * so that the caller can refuse a code used before.
 */
export function verifyTotp(secretBase32: string, code: string): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const generator = totp(secretBase32);
  const timestamp = Date.now();
  const delta = generator.validate({ token: code, window: 1, timestamp });
  return delta === null ? null : generator.counter({ timestamp }) + delta;
}

/**
 * Records that a code of this time step was used; false when this or a later
 * step already was (except on the demo accounts, whose secret is public).
 */
export async function claimTotpStep(accountId: string, step: number): Promise<boolean> {
  const { rowCount } = await getPool().query(
    `UPDATE accounts SET totp_last_step = greatest(totp_last_step, $2)
      WHERE id = $1 AND (totp_reuse_allowed OR totp_last_step IS NULL OR totp_last_step < $2)`,
    [accountId, step],
  );
  return rowCount === 1;
}

export function sealTotpSecret(accountId: string, secretBase32: string): string {
  return seal(purposeKey("totp"), secretBase32, accountId);
}

export function openTotpSecret(accountId: string, sealed: string): string {
  return open(purposeKey("totp"), sealed, accountId).toString("utf8");
}

export async function totpEnrolment(secretBase32: string, email: string) {
  const uri = totp(secretBase32, email).toString();
  return { uri, qrSvg: await QRCode.toString(uri, { type: "svg", margin: 1, width: 200 }) };
}
