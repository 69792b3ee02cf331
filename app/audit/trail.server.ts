// The audit trail as managers and auditors read it: the events of one
// property, newest first, a page at a time, optionally of one booking. Who
// acted is shown by role (and name, for staff); guests stay unnamed here.
import { getPool } from "../../db/pool.server";
import { openIdentity } from "~/auth/identity.server";
import type { SealedRow } from "~/crypto/envelope.server";

export const PAGE_SIZE = 50;

export type AuditEntry = {
  id: string;
  occurredAt: string;
  actor: { kind: "staff"; name: string; role: string } | { kind: "guest" } | { kind: "system"; name: string };
  channel: string;
  action: string;
  reference: string | null;
  roomNumber: string | null;
  changes: { field: string; from: unknown; to: unknown }[];
};

type Row = {
  id: string;
  occurred_at: string;
  actor: string;
  channel: string;
  action: string;
  reference: string | null;
  room_number: string | null;
  changes: Record<string, unknown>;
  account_id: string | null;
  account_role: string | null;
} & SealedRow;

export async function readTrail(args: {
  propertyId: string;
  reference?: string;
  before?: string;
}): Promise<{ entries: AuditEntry[]; older: string | null }> {
  const { rows } = await getPool().query<Row>(
    `SELECT e.id::text, to_json(e.occurred_at) #>> '{}' AS occurred_at, e.actor, e.channel, e.action, e.changes,
            b.reference, coalesce(r.number, rr.number) AS room_number,
            a.id AS account_id, a.role AS account_role, a.pii_enc,
            (SELECT wrapped FROM data_keys WHERE subject = 'account:' || a.id) AS data_key_enc
       FROM audit_events e
       LEFT JOIN bookings b ON b.id = e.booking_id
       LEFT JOIN reservations x ON e.entity_type = 'reservation' AND x.id = e.entity_id
       LEFT JOIN rooms r ON r.id = x.room_id
       LEFT JOIN rooms rr ON e.entity_type = 'room' AND rr.id = e.entity_id
       LEFT JOIN accounts a ON e.actor LIKE 'account:%' AND a.id = substr(e.actor, 9)
      WHERE e.property_id = $1
        AND ($2::text IS NULL OR b.reference = upper($2))
        AND ($3::bigint IS NULL OR e.id < $3)
      ORDER BY e.id DESC
      LIMIT ${PAGE_SIZE + 1}`,
    [args.propertyId, args.reference ?? null, args.before ?? null],
  );
  const page = rows.slice(0, PAGE_SIZE);
  return {
    entries: page.map((row) => ({
      id: row.id,
      occurredAt: row.occurred_at,
      actor: actorOf(row),
      channel: row.channel,
      action: row.action,
      reference: row.reference,
      roomNumber: row.room_number,
      changes: Object.entries(row.changes)
        // Room ids mean nothing to a reader: the room's number is shown instead.
        .filter(([field]) => field !== "room_id" && field !== "room_type_id")
        .map(([field, value]) =>
          Array.isArray(value) && value.length === 2
            ? { field, from: value[0], to: value[1] }
            : { field, from: null, to: value },
        ),
    })),
    older: rows.length > PAGE_SIZE ? page[page.length - 1].id : null,
  };
}

function actorOf(row: Row): AuditEntry["actor"] {
  if (row.account_id && row.account_role && row.account_role !== "guest") {
    const identity = openIdentity(row.account_id, row);
    return { kind: "staff", name: identity?.displayName ?? "—", role: row.account_role };
  }
  if (row.account_id || row.actor.startsWith("account:")) return { kind: "guest" };
  return { kind: "system", name: row.actor };
}
