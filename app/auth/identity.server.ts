// Who an account belongs to - the sign-in email and the person's name - kept
// sealed like guest data (app/crypto/envelope.server.ts), its data key in
// data_keys as "account:<id>". Sign-in finds an account by the email's blind
// index.
import type pg from "pg";
import { emailIndex, openEnvelope, sealEnvelope, type SealedRow } from "~/crypto/envelope.server";
import type { Role } from "./session.server";

export type Identity = { email: string; displayName: string };

const subject = (accountId: string) => `account:${accountId}`;

export function openIdentity(accountId: string, row: SealedRow): Identity | null {
  return openEnvelope<Identity>(subject(accountId), row);
}

type Queryable = Pick<pg.Pool, "query">;

export type NewAccount = {
  id: string;
  email: string;
  displayName: string;
  passwordHash: string;
  role: Role;
  totpSecretEnc?: string | null;
};

/** Inserts an account with its identity sealed. A taken email is a 23505 on accounts_email_index_key. */
export async function insertAccount(db: Queryable, account: NewAccount): Promise<void> {
  const identity = { email: account.email.trim(), displayName: account.displayName.trim() };
  const envelope = sealEnvelope(subject(account.id), identity);
  await db.query(
    `WITH data_key AS (INSERT INTO data_keys (subject, wrapped) VALUES ('account:' || $1, $3))
     INSERT INTO accounts (id, email_index, pii_enc, password_hash, role, totp_secret_enc, totp_enrolled_at)
     VALUES ($1, $2, $4, $5, $6, $7, CASE WHEN $7::text IS NULL THEN NULL ELSE now() END)`,
    [
      account.id,
      emailIndex(identity.email),
      envelope.dataKeyEnc,
      envelope.piiEnc,
      account.passwordHash,
      account.role,
      account.totpSecretEnc ?? null,
    ],
  );
}

/** Seals identities that migration 004 moved to legacy_* columns, and clears them. */
export async function sealLegacyAccounts(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ id: string; legacy_email: string; legacy_display_name: string | null }>(
    `SELECT id, legacy_email, legacy_display_name FROM accounts WHERE legacy_email IS NOT NULL`,
  );
  for (const row of rows) {
    const envelope = sealEnvelope(subject(row.id), {
      email: row.legacy_email,
      displayName: row.legacy_display_name ?? "",
    });
    await db.query(
      `WITH data_key AS (
         INSERT INTO data_keys (subject, wrapped) VALUES ('account:' || $1, $3)
         ON CONFLICT (subject) DO UPDATE SET wrapped = excluded.wrapped
       )
       UPDATE accounts SET email_index = $2, pii_enc = $4, legacy_email = NULL, legacy_display_name = NULL
        WHERE id = $1`,
      [row.id, emailIndex(row.legacy_email), envelope.dataKeyEnc, envelope.piiEnc],
    );
  }
  return rows.length;
}
