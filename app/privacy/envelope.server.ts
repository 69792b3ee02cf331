// Envelope encryption for personal data. Each subject (a guest, an account)
// has a random data key of its own; its data is one JSON document sealed
// under that key, and the key is stored wrapped by the master key. Destroying
// the wrapped key erases the data everywhere it was ever copied.
import { createHmac, randomBytes } from "node:crypto";
import { open, purposeKey, seal } from "./keys.server";

export type Envelope = { dataKeyEnc: string; piiEnc: string };
export type SealedRow = { data_key_enc: string | null; pii_enc: string | null };

/** `subject` names what is sealed ("guest:<id>", "account:<id>"); it is bound to the ciphertext. */
export function sealEnvelope(subject: string, data: object): Envelope {
  const dataKey = randomBytes(32);
  return {
    dataKeyEnc: seal(purposeKey("guest-kek"), dataKey, subject),
    piiEnc: seal(dataKey, JSON.stringify(data), `${subject}:pii`),
  };
}

export function dataKeyOf(subject: string, dataKeyEnc: string): Buffer {
  return open(purposeKey("guest-kek"), dataKeyEnc, subject);
}

/** The sealed document, or null once erased. */
export function openEnvelope<T>(subject: string, row: SealedRow): T | null {
  if (!row.data_key_enc || !row.pii_enc) return null;
  return JSON.parse(open(dataKeyOf(subject, row.data_key_enc), row.pii_enc, `${subject}:pii`).toString("utf8")) as T;
}

/** The blind index of an email: equal for equal addresses, meaningless without the key. */
export function emailIndex(email: string): string {
  return createHmac("sha256", purposeKey("guest-email-index")).update(email.trim().toLowerCase()).digest("hex");
}
