// The audit events of accounts: who changed an account's password, second
// factor, role, properties or standing, written in the transaction that
// made the change. They never carry personal data (no email, no name): the
// account is named by its id, roles and property ids are enough to read.
import type { Actor, Tx } from "../../db/pool.server";

/** Recorded as "account.<what>" (account.created, account.deactivated, …). */
export type AccountAction =
  "created" | "password_changed" | "totp_enrolled" | "totp_reset" | "deactivated" | "reactivated" | "updated";

export async function recordAccountEvent(
  tx: Tx,
  actor: Actor,
  action: AccountAction,
  accountId: string,
  changes: Record<string, unknown> = {},
): Promise<void> {
  await tx.query(
    `INSERT INTO audit_events (actor, channel, action, entity_type, entity_ref, changes)
     VALUES ($1, $2, 'account.' || $3, 'account', $4, $5)`,
    [actor.id, actor.channel, action, accountId, JSON.stringify(changes)],
  );
}

/**
 * The actor of a person's own first steps (changing a temporary password,
 * enrolling a second factor): their session is not a full one yet, so it
 * cannot act in its own name; the event names the account in entity_ref.
 */
export const ACCOUNT_SETUP_ACTOR: Actor = { id: "system:account-setup", channel: "system" };
