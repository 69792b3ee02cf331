// The guests a booking names, their personal data encrypted at rest: sealed
// under a data key of their own, kept in data_keys ("guest:<id>") wrapped by
// a KEK from the key store (the envelopes are app/crypto's). Erasure, in
// app/privacy/, deletes the data key (decision record 016).
import { randomUUID } from "node:crypto";
import type { Db, Tx } from "../../db/pool.server";
import { dataKeyOf, emailIndex, openEnvelope, sealEnvelope, type SealedRow } from "~/crypto/envelope.server";
import { open, seal } from "~/crypto/aead.server";

export { emailIndex };

export type GuestPii = {
  fullName: string;
  email?: string | null;
  phone?: string | null;
  address?: string | null;
};

export type SealedGuest = { id: string; dataKeyEnc: string; piiEnc: string; emailIndex: string | null };

export function sealGuest(pii: GuestPii, id: string = randomUUID()): SealedGuest {
  return { id, ...sealEnvelope(`guest:${id}`, pii), emailIndex: pii.email ? emailIndex(pii.email) : null };
}

export type GuestRow = { id: string } & SealedRow;

/** The guest's data, or null once they have been erased. */
export function openGuest(row: GuestRow): GuestPii | null {
  return openEnvelope<GuestPii>(`guest:${row.id}`, row);
}

/** Seal a value (an ID document number, say) under an existing guest's key. */
export function sealForGuest(row: { id: string; data_key_enc: string }, value: string, purpose: string): string {
  return seal(dataKeyOf(`guest:${row.id}`, row.data_key_enc), value, `guest:${row.id}:${purpose}`);
}

export function openForGuest(row: GuestRow, sealed: string, purpose: string): string | null {
  if (!row.data_key_enc) return null;
  return open(dataKeyOf(`guest:${row.id}`, row.data_key_enc), sealed, `guest:${row.id}:${purpose}`).toString("utf8");
}

/** Insert a sealed guest and its data key, in one statement; returns its id. */
export async function insertGuest(db: Tx | Db, pii: GuestPii, accountId: string | null): Promise<string> {
  return (await insertSealedGuest(db, sealGuest(pii), accountId)).id;
}

/** Insert a guest sealed with sealGuest (its key then seals their documents too). */
export async function insertSealedGuest(db: Tx | Db, guest: SealedGuest, accountId: string | null) {
  await db.query(
    `WITH data_key AS (INSERT INTO data_keys (subject, wrapped) VALUES ('guest:' || $1::uuid::text, $3))
     INSERT INTO guests (id, account_id, pii_enc, email_index) VALUES ($1::uuid, $2, $4, $5)`,
    [guest.id, accountId, guest.dataKeyEnc, guest.piiEnc, guest.emailIndex],
  );
  return guest;
}
