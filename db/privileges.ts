// What the application's database role may do, table by table. The app
// connects as a role that owns nothing (docs/decisions/017): it cannot alter
// or drop a table, disable a trigger, or touch a table this list does not
// name. Rows the model never removes (reservations, bookings, guests, the
// audit trail) cannot be deleted by it either; the audit trail cannot even
// be updated. A table a migration adds must be named here, or migrating
// fails: a new table is never readable or writable by accident.
import type pg from "pg";

type Privilege = "SELECT" | "INSERT" | "UPDATE" | "DELETE";

const READ: Privilege[] = ["SELECT"];
const APPEND: Privilege[] = ["SELECT", "INSERT"];
const KEEP: Privilege[] = ["SELECT", "INSERT", "UPDATE"];
const ALL: Privilege[] = ["SELECT", "INSERT", "UPDATE", "DELETE"];

export const APP_PRIVILEGES: Record<string, Privilege[]> = {
  // The hotel's catalogue: managed by managers, referenced by every stay.
  properties: KEEP,
  room_types: KEEP,
  rooms: KEEP,
  rate_plans: KEEP,
  rate_calendar: ALL,
  // Rooms out of order for a window of nights (ended early by deleting), room type photos.
  room_blocks: ALL,
  room_type_photos: ALL,
  // People and their sign-in.
  accounts: KEEP,
  account_properties: ALL,
  sessions: ALL,
  password_resets: ALL,
  rate_limits: ALL,
  // Bookings: never deleted; erasure seals, it does not delete.
  guests: KEEP,
  guest_documents: KEEP,
  bookings: KEEP,
  reservations: KEEP,
  booking_access_codes: ALL,
  idempotency_keys: ALL,
  // The scheduled night audit's record of the days it ran, per property.
  night_audit_runs: APPEND,
  // Append-only.
  audit_events: APPEND,
  // Development mail only (refused in production); rows expire.
  mail_outbox: ALL,
  // Guest and account data keys: erasure deletes the key.
  data_keys: ALL,
  // The migration runner's own table: the app only checks that it is up to date.
  pgmigrations: READ,
  // Signs the audit trail's actor context: the owner's functions only.
  audit_signing_key: [],
};

/**
 * Grants the app role exactly APP_PRIVILEGES on the tables of the public
 * schema, revoking anything else it had. Run by the owner after migrating.
 */
export async function grantAppPrivileges(client: pg.ClientBase, appRole: string): Promise<void> {
  const role = client.escapeIdentifier(appRole);
  const { rows } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f') ORDER BY 1`,
  );
  const unlisted = rows.map((row) => row.name).filter((name) => !(name in APP_PRIVILEGES));
  if (unlisted.length > 0) {
    throw new Error(
      `db/privileges.ts does not say what the app may do with: ${unlisted.join(", ")}. ` +
        "Add each new table to APP_PRIVILEGES.",
    );
  }
  const statements = [
    `REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${role}`,
    `REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${role}`,
    `GRANT USAGE ON SCHEMA public TO ${role}`,
    ...rows
      .map((row) => row.name)
      .filter((name) => APP_PRIVILEGES[name].length > 0)
      .map((name) => `GRANT ${APP_PRIVILEGES[name].join(", ")} ON ${client.escapeIdentifier(name)} TO ${role}`),
    // Identity columns need no grant; serial ones would need USAGE.
    `GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO ${role}`,
  ];
  await client.query("BEGIN");
  try {
    for (const statement of statements) await client.query(statement);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  }
}
