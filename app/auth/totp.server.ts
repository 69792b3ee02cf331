// TOTP second factor for staff (RFC 6238: SHA-1, 6 digits, 30 s), via otpauth.
// Secrets are stored sealed under a key derived from the master key.
import { Secret, TOTP } from "otpauth";
import QRCode from "qrcode";
import { open, purposeKey, seal } from "../privacy/keys.server";

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

/** Accepts the current code and the ones just before and after, for clock drift. */
export function verifyTotp(secretBase32: string, code: string): boolean {
  if (!/^\d{6}$/.test(code)) return false;
  return totp(secretBase32).validate({ token: code, window: 1 }) !== null;
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
