// Staff accounts: created by an admin (the CLI or /admin/staff) with a
// one-time password, scoped to properties, and made to enrol a second factor
// at their first sign-in.
import { randomBytes, randomUUID } from "node:crypto";
import { getPool, isPgError } from "../../db/pool.server";
import type { SealedRow } from "../privacy/envelope.server";
import { insertAccount, openIdentity } from "./identity.server";
import { hashPassword } from "./password.server";
import { STAFF_ROLES, type Role } from "./session.server";

export type NewStaff = { email: string; displayName: string; role: Role; propertyIds: string[] };

export type CreateStaffResult =
  | { ok: true; accountId: string; temporaryPassword: string }
  | { ok: false; problem: "email_taken" | "not_staff_role" | "unknown_property" };

export async function createStaff(staff: NewStaff): Promise<CreateStaffResult> {
  if (!(STAFF_ROLES as readonly Role[]).includes(staff.role)) return { ok: false, problem: "not_staff_role" };
  const { rows } = await getPool().query<{ n: number }>(
    `SELECT count(*)::int AS n FROM properties WHERE id = ANY($1::uuid[])`,
    [staff.propertyIds],
  );
  if (staff.propertyIds.length === 0 || rows[0].n !== new Set(staff.propertyIds).size)
    return { ok: false, problem: "unknown_property" };
  const id = randomUUID();
  // 18 random bytes: well beyond any guessing; the person changes it after enrolling.
  const temporaryPassword = randomBytes(18).toString("base64url");
  const client = await getPool().connect();
  try {
    await client.query("BEGIN");
    await insertAccount(client, {
      id,
      email: staff.email,
      displayName: staff.displayName,
      passwordHash: await hashPassword(temporaryPassword),
      role: staff.role,
    });
    await client.query(`INSERT INTO account_properties (account_id, property_id) SELECT $1, unnest($2::uuid[])`, [
      id,
      [...new Set(staff.propertyIds)],
    ]);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    if (isPgError(error, "23505")) return { ok: false, problem: "email_taken" };
    throw error;
  } finally {
    client.release();
  }
  return { ok: true, accountId: id, temporaryPassword };
}

export async function listStaff() {
  const { rows } = await getPool().query<
    { id: string; role: Role; totpEnrolled: boolean; properties: string[] } & SealedRow
  >(
    `SELECT a.id, a.role, (SELECT wrapped FROM data_keys WHERE subject = 'account:' || a.id) AS data_key_enc, a.pii_enc, a.totp_enrolled_at IS NOT NULL AS "totpEnrolled",
            ARRAY(SELECT p.name FROM account_properties ap JOIN properties p ON p.id = ap.property_id
                   WHERE ap.account_id = a.id ORDER BY p.name) AS properties
       FROM accounts a WHERE a.role <> 'guest' AND a.disabled_at IS NULL`,
  );
  const ranked: string[] = ["admin", "manager", "auditor", "front_desk"];
  return rows
    .map(({ data_key_enc, pii_enc, ...row }) => {
      const identity = openIdentity(row.id, { data_key_enc, pii_enc });
      return { ...row, email: identity?.email ?? "", displayName: identity?.displayName ?? "" };
    })
    .sort((a, b) => ranked.indexOf(a.role) - ranked.indexOf(b.role) || a.email.localeCompare(b.email));
}
