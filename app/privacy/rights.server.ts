// A guest's rights over their data: export everything held about them, and
// erasure. Erasure deletes the guest's data key (so the live database can
// never read their details again, and older copies cannot once the KEK that
// wrapped it is destroyed: decision record 016), purges what else points at
// them outside the bookings (rate-limit counters, reset links, sessions,
// mail, replayable API answers, booking access codes), removes the account's
// sign-in identity, and keeps the bookings - shown as an erased guest - for
// the hotel's accounts.
import { getPool, withSerializableTx, type Actor, type Tx } from "../../db/pool.server";
import { DomainError } from "~/domain/errors";
import { openIdentity } from "~/auth/identity.server";
import type { SealedRow } from "~/crypto/envelope.server";
import { emailIndex, openForGuest, openGuest, sealForGuest, type GuestRow } from "~/booking/guests.server";
import { DOCUMENT_TYPES } from "~/booking/schemas";

export async function exportAccountData(accountId: string) {
  const pool = getPool();
  const [account, guests, bookings, documents] = await Promise.all([
    pool.query<{ id: string; role: string; createdAt: string } & SealedRow>(
      `SELECT id, role, (SELECT wrapped FROM data_keys WHERE subject = 'account:' || id) AS data_key_enc, pii_enc,
              to_json(created_at) #>> '{}' AS "createdAt"
         FROM accounts WHERE id = $1`,
      [accountId],
    ),
    pool.query<GuestRow & { erased_at: string | null }>(
      `SELECT id, (SELECT wrapped FROM data_keys WHERE subject = 'guest:' || id) AS data_key_enc, pii_enc, erased_at
         FROM guests WHERE account_id = $1 ORDER BY created_at`,
      [accountId],
    ),
    pool.query(
      `SELECT b.reference, b.channel, b.currency, to_json(b.created_at) #>> '{}' AS "createdAt",
              json_agg(json_build_object('checkIn', x.check_in, 'checkOut', x.check_out, 'status', x.status,
                                         'roomType', rt.name, 'price', x.price) ORDER BY x.check_in) AS reservations
         FROM bookings b JOIN reservations x ON x.booking_id = b.id JOIN room_types rt ON rt.id = x.room_type_id
        WHERE b.account_id = $1 GROUP BY b.id ORDER BY b.created_at`,
      [accountId],
    ),
    pool.query<
      GuestRow & { document_type: string; issuing_country: string; number_enc: string | null; checked_at: string }
    >(
      `SELECT g.id, (SELECT wrapped FROM data_keys WHERE subject = 'guest:' || g.id) AS data_key_enc, g.pii_enc, d.document_type, d.issuing_country, d.number_enc,
              to_json(d.checked_at) #>> '{}' AS checked_at
         FROM guest_documents d JOIN guests g ON g.id = d.guest_id WHERE g.account_id = $1`,
      [accountId],
    ),
  ]);
  return {
    exportedAt: new Date().toISOString(),
    account: account.rows[0]
      ? {
          id: account.rows[0].id,
          role: account.rows[0].role,
          createdAt: account.rows[0].createdAt,
          ...openIdentity(account.rows[0].id, account.rows[0]),
        }
      : null,
    guestProfiles: guests.rows.map((row) => ({ ...(openGuest(row) ?? {}), erased: row.erased_at !== null })),
    bookings: bookings.rows,
    identityDocuments: documents.rows.map((row) => ({
      type: row.document_type,
      issuingCountry: row.issuing_country,
      number: row.number_enc ? openForGuest(row, row.number_enc, "document") : null,
      checkedAt: row.checked_at,
    })),
  };
}

/** The email addresses sealed in these rows, where they can still be read. */
function emailsOf(rows: { email?: string | null }[]): string[] {
  return rows.flatMap((row) => (row.email ? [row.email.trim().toLowerCase()] : []));
}

function readable<T>(open: () => T | null): T | null {
  try {
    return open();
  } catch {
    // A key that cannot be opened any more: nothing to find by it.
    return null;
  }
}

/**
 * What is keyed on an address outside the sealed rows: rate-limit and
 * sign-in throttle counters (keyed on the address's blind index, or on the
 * address itself in older rows) and mail sent to it.
 */
async function purgeByEmail(tx: Tx, emails: string[]) {
  if (emails.length === 0) return;
  const needles = [...emails, ...emails.map((email) => emailIndex(email))];
  await tx.query(`DELETE FROM rate_limits r USING unnest($1::text[]) AS t(needle) WHERE strpos(r.key, t.needle) > 0`, [
    needles,
  ]);
  await purgeMail(tx, emails);
}

async function purgeMail(tx: Tx, emails: string[]) {
  await tx.query(`DELETE FROM mail_outbox WHERE lower(to_address) = ANY($1::text[])`, [emails]);
}

/** Codes that open a booking and stored API answers that replay one: they lead to the guest. */
async function purgeBookingTraces(tx: Tx, bookingsWhere: string, value: string[] | string) {
  await tx.query(
    `DELETE FROM booking_access_codes WHERE booking_id IN (SELECT id FROM bookings b WHERE ${bookingsWhere})`,
    [value],
  );
  await tx.query(
    `DELETE FROM idempotency_keys
      WHERE response #>> '{booking,reference}' IN (SELECT reference FROM bookings b WHERE ${bookingsWhere})`,
    [value],
  );
}

async function eraseGuests(tx: Tx, guestIds: string[], actor: Actor) {
  if (guestIds.length === 0) return;
  // Read what they are found by before their key goes.
  const { rows } = await tx.query<GuestRow>(
    `SELECT g.id, k.wrapped AS data_key_enc, g.pii_enc
       FROM guests g JOIN data_keys k ON k.subject = 'guest:' || g.id
      WHERE g.id = ANY($1::uuid[])`,
    [guestIds],
  );
  await purgeByEmail(tx, emailsOf(rows.map((row) => readable(() => openGuest(row)) ?? {})));
  await purgeBookingTraces(tx, "b.guest_id = ANY($1::uuid[])", guestIds);
  await tx.query(
    `UPDATE guests SET pii_enc = NULL, email_index = NULL, erased_at = now()
      WHERE id = ANY($1::uuid[]) AND erased_at IS NULL`,
    [guestIds],
  );
  await tx.query(`DELETE FROM data_keys WHERE subject = ANY($1::text[])`, [guestIds.map((id) => `guest:${id}`)]);
  await tx.query(`UPDATE guest_documents SET number_enc = NULL WHERE guest_id = ANY($1::uuid[])`, [guestIds]);
  await tx.query(
    `INSERT INTO audit_events (actor, channel, action, entity_type, entity_id, changes)
     SELECT $2, $3, 'guest.erased', 'guest', id, '{}' FROM unnest($1::uuid[]) AS id`,
    [guestIds, actor.id, actor.channel],
  );
}

/** Erase one guest profile (an admin acting on a request). */
export async function eraseGuest(guestId: string, actor: Actor): Promise<void> {
  await withSerializableTx({ actor }, async (tx) => {
    const { rowCount } = await tx.query(`SELECT 1 FROM guests WHERE id = $1 FOR UPDATE`, [guestId]);
    if (!rowCount) throw new DomainError("not_found", "No such guest.");
    await eraseGuests(tx, [guestId], actor);
  });
}

/** Erase a guest account: every guest profile it holds, its sign-in identity and all that hangs on it. */
export async function eraseAccount(accountId: string, actor: Actor): Promise<void> {
  await withSerializableTx({ actor }, async (tx) => {
    const { rows } = await tx.query<{ id: string }>(`SELECT id FROM guests WHERE account_id = $1 FOR UPDATE`, [
      accountId,
    ]);
    await eraseGuests(
      tx,
      rows.map((row) => row.id),
      actor,
    );
    const { rows: accounts } = await tx.query<{ id: string } & SealedRow>(
      `SELECT a.id, k.wrapped AS data_key_enc, a.pii_enc
         FROM accounts a LEFT JOIN data_keys k ON k.subject = 'account:' || a.id
        WHERE a.id = $1 AND a.role = 'guest' FOR UPDATE OF a`,
      [accountId],
    );
    const account = accounts[0];
    if (!account) return;
    await purgeByEmail(tx, emailsOf([readable(() => openIdentity(account.id, account)) ?? {}]));
    await purgeBookingTraces(tx, "b.account_id = $1", accountId);
    await tx.query(`DELETE FROM idempotency_keys WHERE caller = $1`, [`account:${accountId}`]);
    await tx.query(
      `UPDATE accounts SET email_index = NULL, pii_enc = NULL, password_hash = '!',
                           totp_secret_enc = NULL, disabled_at = now()
        WHERE id = $1`,
      [accountId],
    );
    await tx.query(`DELETE FROM data_keys WHERE subject = $1`, [`account:${accountId}`]);
    await tx.query(`DELETE FROM password_resets WHERE account_id = $1`, [accountId]);
    await tx.query(`DELETE FROM sessions WHERE user_id = $1`, [accountId]);
  });
}

export { DOCUMENT_TYPES };

/** The front desk's record of an in-person identity check at check-in. */
export async function recordIdentityCheck(
  args: {
    reservationId: string;
    documentType: (typeof DOCUMENT_TYPES)[number];
    issuingCountry: string;
    number: string;
    checkedBy: string;
  },
  actor: Actor,
): Promise<{ id: string; checkedAt: string }> {
  return withSerializableTx({ actor }, async (tx) => {
    const { rows } = await tx.query<GuestRow>(
      `SELECT g.id, (SELECT wrapped FROM data_keys WHERE subject = 'guest:' || g.id) AS data_key_enc, g.pii_enc
         FROM reservations x
         JOIN bookings b ON b.id = x.booking_id JOIN guests g ON g.id = b.guest_id
        WHERE x.id = $1 AND g.erased_at IS NULL`,
      [args.reservationId],
    );
    const guest = rows[0];
    if (!guest?.data_key_enc) {
      throw new DomainError("not_found", "Record the guest's details on the booking first.", {
        field: "reservationId",
      });
    }
    const { rows: created } = await tx.query<{ id: string; checked_at: string }>(
      `INSERT INTO guest_documents (guest_id, reservation_id, document_type, issuing_country, number_enc, checked_by)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, to_json(checked_at) #>> '{}' AS checked_at`,
      [
        guest.id,
        args.reservationId,
        args.documentType,
        args.issuingCountry.toUpperCase(),
        sealForGuest({ id: guest.id, data_key_enc: guest.data_key_enc }, args.number.trim(), "document"),
        args.checkedBy,
      ],
    );
    return { id: created[0].id, checkedAt: created[0].checked_at };
  });
}

export async function propertyOfReservation(reservationId: string): Promise<string | undefined> {
  const { rows } = await getPool().query<{ property_id: string }>(
    `SELECT property_id FROM reservations WHERE id = $1`,
    [reservationId],
  );
  return rows[0]?.property_id;
}

export type GuestRecord = {
  id: string;
  erased: boolean;
  fullName: string | null;
  email: string | null;
  phone: string | null;
  createdAt: string;
  references: string[];
};

type GuestSearch = { email: string } | { reference: string } | { id: string };

/**
 * The guest profiles an erasure request is about: found by the email the
 * request came from (through the blind index), by a booking reference, or by id.
 */
export async function findGuests(search: GuestSearch): Promise<GuestRecord[]> {
  const [where, value] =
    "email" in search
      ? ["g.email_index = $1", emailIndex(search.email)]
      : "reference" in search
        ? ["g.id = (SELECT guest_id FROM bookings WHERE reference = upper($1))", search.reference]
        : ["g.id = $1", search.id];
  const { rows } = await getPool().query<
    GuestRow & { erased_at: string | null; created_at: string; references: string[] }
  >(
    `SELECT g.id, (SELECT wrapped FROM data_keys WHERE subject = 'guest:' || g.id) AS data_key_enc, g.pii_enc,
            g.erased_at, to_json(g.created_at) #>> '{}' AS created_at,
            coalesce(array_agg(b.reference ORDER BY b.created_at) FILTER (WHERE b.id IS NOT NULL), '{}') AS "references"
       FROM guests g LEFT JOIN bookings b ON b.guest_id = g.id
      WHERE ${where}
      GROUP BY g.id ORDER BY g.created_at
      LIMIT 50`,
    [value],
  );
  return rows.map((row) => {
    const pii = openGuest(row);
    return {
      id: row.id,
      erased: row.erased_at !== null,
      fullName: pii?.fullName ?? null,
      email: pii?.email ?? null,
      phone: pii?.phone ?? null,
      createdAt: row.created_at,
      references: row.references,
    };
  });
}
