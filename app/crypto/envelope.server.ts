// Envelope encryption for personal data. Each subject (a guest, an account)
// has a random data key of its own; its data is one JSON document sealed
// under that key. The data key is kept apart from the data, in the data_keys
// table, wrapped by a key-encryption key from the key store outside the
// database (app/crypto/keys.server.ts). Erasure deletes the data key; once
// the KEK that wrapped it is destroyed, every older copy is unreadable too
// (decision record 016).
import { createHmac, randomBytes } from "node:crypto";
import { open, seal } from "./aead.server";
import { purposeKey, unwrapDataKey, wrapDataKey } from "./keys.server";

/** `dataKeyEnc` goes into data_keys (subject, wrapped); `piiEnc` into the subject's own row. */
export type Envelope = { dataKeyEnc: string; piiEnc: string };
/** A sealed row as read: `data_key_enc` is its data_keys.wrapped, null once erased. */
export type SealedRow = { data_key_enc: string | null; pii_enc: string | null };

/** `subject` names what is sealed ("guest:<id>", "account:<id>"); it is bound to the ciphertext. */
export function sealEnvelope(subject: string, data: object): Envelope {
  const dataKey = randomBytes(32);
  return {
    dataKeyEnc: wrapDataKey(subject, dataKey),
    piiEnc: seal(dataKey, JSON.stringify(data), `${subject}:pii`),
  };
}

export function dataKeyOf(subject: string, dataKeyEnc: string): Buffer {
  return unwrapDataKey(subject, dataKeyEnc);
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
