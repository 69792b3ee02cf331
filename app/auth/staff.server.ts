// Staff accounts over their whole life: created by an admin (the CLI or
// /admin/staff) with a temporary password that must be changed at first
// sign-in, then a second factor enrolled; scoped to properties; given
// another role or other properties, their second factor reset, deactivated
// and reactivated - each change audited in its own transaction. An admin
// cannot deactivate themselves, and the last active admin stays one.
import { randomBytes, randomUUID } from "node:crypto";
import { isPgError, withSerializableTx, type Actor, type Tx } from "../../db/pool.server";
import { getPool } from "../../db/pool.server";
import type { SealedRow } from "~/crypto/envelope.server";
import { recordAccountEvent } from "./account-events.server";
import { insertAccount, openIdentity } from "./identity.server";
import { hashPassword } from "./password.server";
import { signOutEverywhere, STAFF_ROLES, type Role } from "./session.server";

export type NewStaff = { email: string; displayName: string; role: Role; propertyIds: string[] };

export type CreateStaffResult =
  | { ok: true; accountId: string; temporaryPassword: string }
  | { ok: false; problem: "email_taken" | "not_staff_role" | "unknown_property" };

const isStaffRole = (role: string): role is Role => (STAFF_ROLES as readonly string[]).includes(role);

async function propertiesExist(db: Tx, propertyIds: string[]): Promise<boolean> {
  const unique = [...new Set(propertyIds)];
  if (unique.length === 0) return false;
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM properties WHERE id = ANY($1::uuid[])`,
    [unique],
  );
  return rows[0].n === unique.length;
}

/** `actor`: the admin (with their session) or the operator's command line. */
export async function createStaff(staff: NewStaff, actor: Actor): Promise<CreateStaffResult> {
  if (!isStaffRole(staff.role)) return { ok: false, problem: "not_staff_role" };
  const id = randomUUID();
  // 18 random bytes: well beyond any guessing; the person replaces it at first sign-in.
  const temporaryPassword = randomBytes(18).toString("base64url");
  const passwordHash = await hashPassword(temporaryPassword);
  const propertyIds = [...new Set(staff.propertyIds)].sort();
  try {
    return await withSerializableTx({ actor }, async (tx) => {
      if (!(await propertiesExist(tx, propertyIds))) return { ok: false, problem: "unknown_property" } as const;
      await insertAccount(tx, {
        id,
        email: staff.email,
        displayName: staff.displayName,
        passwordHash,
        role: staff.role,
      });
      await tx.query(`UPDATE accounts SET password_must_change = true WHERE id = $1`, [id]);
      await tx.query(`INSERT INTO account_properties (account_id, property_id) SELECT $1, unnest($2::uuid[])`, [
        id,
        propertyIds,
      ]);
      await recordAccountEvent(tx, actor, "created", id, { role: staff.role, propertyIds });
      return { ok: true, accountId: id, temporaryPassword } as const;
    });
  } catch (error) {
    if (isPgError(error, "23505")) return { ok: false, problem: "email_taken" };
    throw error;
  }
}

export type StaffMember = {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  propertyIds: string[];
  properties: string[];
  totpEnrolled: boolean;
  active: boolean;
  passwordMustChange: boolean;
};

const RANKED: string[] = ["admin", "manager", "auditor", "front_desk"];

async function readStaff(where: string, params: unknown[]): Promise<StaffMember[]> {
  const { rows } = await getPool().query<Omit<StaffMember, "email" | "displayName"> & SealedRow>(
    `SELECT a.id, a.role, (SELECT wrapped FROM data_keys WHERE subject = 'account:' || a.id) AS data_key_enc, a.pii_enc, a.totp_enrolled_at IS NOT NULL AS "totpEnrolled",
            a.disabled_at IS NULL AS active, a.password_must_change AS "passwordMustChange",
            ARRAY(SELECT ap.property_id::text FROM account_properties ap JOIN properties p ON p.id = ap.property_id
                   WHERE ap.account_id = a.id ORDER BY p.name) AS "propertyIds",
            ARRAY(SELECT p.name FROM account_properties ap JOIN properties p ON p.id = ap.property_id
                   WHERE ap.account_id = a.id ORDER BY p.name) AS properties
       FROM accounts a WHERE a.role <> 'guest' AND ${where}`,
    params,
  );
  return rows.map(({ data_key_enc, pii_enc, ...row }) => {
    const identity = openIdentity(row.id, { data_key_enc, pii_enc });
    return { ...row, email: identity?.email ?? "", displayName: identity?.displayName ?? "" };
  });
}

/** Every staff account, active ones first, by role and email. */
export async function listStaff(): Promise<StaffMember[]> {
  const staff = await readStaff("true", []);
  return staff.sort(
    (a, b) =>
      Number(b.active) - Number(a.active) ||
      RANKED.indexOf(a.role) - RANKED.indexOf(b.role) ||
      a.email.localeCompare(b.email),
  );
}

export async function getStaffMember(accountId: string): Promise<StaffMember | undefined> {
  return (await readStaff("a.id = $1", [accountId]))[0];
}

export type StaffChange =
  | { kind: "deactivate" }
  | { kind: "reactivate" }
  | { kind: "reset_totp" }
  | { kind: "update"; role: Role; propertyIds: string[] };

export type StaffChangeProblem =
  "not_found" | "self" | "last_admin" | "not_staff_role" | "unknown_property" | "signed_out";

export type StaffChangeResult = { ok: true; changed: boolean } | { ok: false; problem: StaffChangeProblem };

/**
 * An admin (`adminId`, acting as `actor`) changes a staff account. Ending
 * the account's sessions (deactivation, a reset second factor) takes effect
 * at once: every request looks its session up. SERIALIZABLE, so that two
 * admins demoting or deactivating each other at once cannot leave none.
 */
export async function changeStaff(args: {
  accountId: string;
  adminId: string;
  actor: Actor;
  change: StaffChange;
}): Promise<StaffChangeResult> {
  const { accountId, adminId, actor, change } = args;
  if (change.kind === "update" && !isStaffRole(change.role)) return { ok: false, problem: "not_staff_role" };
  try {
    return await withSerializableTx({ actor }, async (tx): Promise<StaffChangeResult> => {
      const { rows } = await tx.query<{ role: Role; active: boolean; enrolled: boolean; propertyIds: string[] }>(
        `SELECT a.role, a.disabled_at IS NULL AS active, a.totp_enrolled_at IS NOT NULL AS enrolled,
                ARRAY(SELECT ap.property_id::text FROM account_properties ap
                       WHERE ap.account_id = a.id ORDER BY 1) AS "propertyIds"
           FROM accounts a WHERE a.id = $1 AND a.role <> 'guest' FOR UPDATE`,
        [accountId],
      );
      const before = rows[0];
      if (!before) return { ok: false, problem: "not_found" };
      const losesAdmin =
        before.role === "admin" &&
        before.active &&
        (change.kind === "deactivate" || (change.kind === "update" && change.role !== "admin"));
      if (change.kind === "deactivate" && accountId === adminId) return { ok: false, problem: "self" };
      if (losesAdmin && !(await anotherActiveAdmin(tx, accountId))) return { ok: false, problem: "last_admin" };

      switch (change.kind) {
        case "deactivate": {
          if (!before.active) return { ok: true, changed: false };
          await tx.query(`UPDATE accounts SET disabled_at = now() WHERE id = $1`, [accountId]);
          await signOutEverywhere(accountId, tx);
          await recordAccountEvent(tx, actor, "deactivated", accountId, { active: [true, false] });
          return { ok: true, changed: true };
        }
        case "reactivate": {
          if (before.active) return { ok: true, changed: false };
          await tx.query(`UPDATE accounts SET disabled_at = NULL WHERE id = $1`, [accountId]);
          await recordAccountEvent(tx, actor, "reactivated", accountId, { active: [false, true] });
          return { ok: true, changed: true };
        }
        case "reset_totp": {
          // A fresh secret is enrolled at the next sign-in; a public demo secret is not kept either.
          await tx.query(
            `UPDATE accounts SET totp_secret_enc = NULL, totp_enrolled_at = NULL, totp_last_step = NULL,
                                 totp_reuse_allowed = false
              WHERE id = $1`,
            [accountId],
          );
          await signOutEverywhere(accountId, tx);
          await recordAccountEvent(tx, actor, "totp_reset", accountId, {
            totpEnrolled: [before.enrolled, false],
          });
          return { ok: true, changed: true };
        }
        case "update": {
          const propertyIds = [...new Set(change.propertyIds)].sort();
          if (!(await propertiesExist(tx, propertyIds))) return { ok: false, problem: "unknown_property" };
          const changes: Record<string, unknown> = {};
          if (change.role !== before.role) {
            await tx.query(`UPDATE accounts SET role = $2 WHERE id = $1`, [accountId, change.role]);
            changes.role = [before.role, change.role];
          }
          if (propertyIds.join() !== before.propertyIds.join()) {
            await tx.query(`DELETE FROM account_properties WHERE account_id = $1`, [accountId]);
            await tx.query(`INSERT INTO account_properties (account_id, property_id) SELECT $1, unnest($2::uuid[])`, [
              accountId,
              propertyIds,
            ]);
            changes.propertyIds = [before.propertyIds, propertyIds];
          }
          if (Object.keys(changes).length === 0) return { ok: true, changed: false };
          await recordAccountEvent(tx, actor, "updated", accountId, changes);
          return { ok: true, changed: true };
        }
      }
    });
  } catch (error) {
    // The acting admin's own session ended meanwhile (deactivated by another admin, say).
    if (isPgError(error, "28000")) return { ok: false, problem: "signed_out" };
    throw error;
  }
}

async function anotherActiveAdmin(tx: Tx, accountId: string): Promise<boolean> {
  const { rows } = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM accounts WHERE role = 'admin' AND disabled_at IS NULL AND id <> $1`,
    [accountId],
  );
  return rows[0].n > 0;
}
