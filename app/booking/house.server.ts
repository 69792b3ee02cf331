// The desk's management commands for a whole property: its hold duration,
// and the night audit's no-show step. Each is one SERIALIZABLE transaction
// returning its txid. The no-shows are audited by the reservations' trigger
// (one event per reservation, under the actor); a new hold duration gets its
// own event here, as a room's housekeeping change does.
import { isPgError, withSerializableTx, type Actor, type Tx } from "../../db/pool.server";
import { DomainError } from "~/domain/errors";
import { currentTxid } from "./booking.server";

/** The hold durations a property may set, in whole minutes (properties.hold_minutes). */
export const HOLD_MINUTES = { min: 1, max: 240 } as const;

/** Set how long the desk's holds last at a property; holds already placed keep their deadline. */
export async function setHoldMinutes(
  args: { propertyId: string; holdMinutes: number },
  actor: Actor,
): Promise<{ holdMinutes: number; txid: string }> {
  if (
    !Number.isInteger(args.holdMinutes) ||
    args.holdMinutes < HOLD_MINUTES.min ||
    args.holdMinutes > HOLD_MINUTES.max
  ) {
    throw new DomainError("invalid_setting", "A hold lasts 1 to 240 whole minutes.", { field: "holdMinutes" });
  }
  return withSerializableTx({ actor }, async (tx) => {
    const { rows } = await tx.query<{ hold_minutes: number }>(
      `WITH before AS (
         SELECT id, hold_minutes FROM properties WHERE id = $1 FOR UPDATE
       ), after AS (
         UPDATE properties p SET hold_minutes = $2 FROM before WHERE p.id = before.id
         RETURNING p.id, p.hold_minutes
       ), audit AS (
         INSERT INTO audit_events (actor, channel, action, entity_type, entity_id, property_id, changes)
         SELECT $3, $4, 'property.hold_minutes', 'property', after.id, after.id,
                jsonb_build_object('hold_minutes', jsonb_build_array(before.hold_minutes, after.hold_minutes))
           FROM before JOIN after ON after.id = before.id
       )
       SELECT hold_minutes FROM after`,
      [args.propertyId, args.holdMinutes, actor.id, actor.channel],
    );
    if (!rows[0]) throw new DomainError("not_found", "No such property.", { propertyId: args.propertyId });
    return { holdMinutes: rows[0].hold_minutes, txid: await currentTxid(tx) };
  });
}

export type NightAuditResult = { noShows: string[]; txid: string };

/**
 * The night audit's no-show step: every confirmed (never checked-in)
 * reservation of the property whose arrival day is over in the property's
 * time zone becomes a no-show, in one transaction. Running it again marks
 * only what arrived at the rule since.
 */
export async function runNightAudit(args: { propertyId: string }, actor: Actor): Promise<NightAuditResult> {
  return withSerializableTx({ actor }, async (tx) => ({
    noShows: await markNoShows(tx, args.propertyId),
    txid: await currentTxid(tx),
  }));
}

async function markNoShows(tx: Tx, propertyId: string): Promise<string[]> {
  const { rows } = await tx.query<{ id: string }>(
    `UPDATE reservations x SET status = 'no_show'
       FROM properties p
      WHERE p.id = $1 AND x.property_id = p.id AND x.status = 'confirmed'
        AND x.check_in < (now() AT TIME ZONE p.time_zone)::date
      RETURNING x.id`,
    [propertyId],
  );
  if (rows.length === 0) {
    const { rowCount } = await tx.query(`SELECT 1 FROM properties WHERE id = $1`, [propertyId]);
    if (!rowCount) throw new DomainError("not_found", "No such property.", { propertyId });
  }
  return rows.map((row) => row.id).sort();
}

/** The local hour after which the scheduled night audit runs (late arrivals of the day before may still come). */
export const NIGHT_AUDIT_HOUR = 3;

export type ScheduledAudit = { propertyId: string; businessDate: string; noShows: string[] };

/**
 * The scheduled night audit: for each property whose local time is past
 * `hour` and whose local day has no run yet, claim the day and mark its
 * no-shows in one transaction. Safe on several app instances at once: a
 * transaction-scoped advisory lock per property lets one instance in, and
 * the run's primary key (property, local date) refuses a second run of a
 * day whatever happens to the lock.
 */
export async function runDueNightAudits(actor: Actor, hour = NIGHT_AUDIT_HOUR): Promise<ScheduledAudit[]> {
  const { rows: due } = await withSerializableTx({ actor, readOnly: true }, (tx) =>
    tx.query<{ id: string }>(
      `SELECT p.id FROM properties p
        WHERE (now() AT TIME ZONE p.time_zone)::time >= make_time($1, 0, 0)
          AND NOT EXISTS (SELECT 1 FROM night_audit_runs n
                           WHERE n.property_id = p.id AND n.business_date = (now() AT TIME ZONE p.time_zone)::date)
        ORDER BY p.id`,
      [hour],
    ),
  );
  const done: ScheduledAudit[] = [];
  for (const { id } of due) {
    try {
      const run = await withSerializableTx({ actor }, async (tx) => {
        const { rows: claim } = await tx.query<{ locked: boolean; day: string; ran: boolean }>(
          `SELECT pg_try_advisory_xact_lock(hashtext('night-audit'), hashtext(p.id::text)) AS locked,
                  to_char((now() AT TIME ZONE p.time_zone)::date, 'YYYY-MM-DD') AS day,
                  EXISTS (SELECT 1 FROM night_audit_runs n
                           WHERE n.property_id = p.id
                             AND n.business_date = (now() AT TIME ZONE p.time_zone)::date) AS ran
             FROM properties p WHERE p.id = $1`,
          [id],
        );
        if (!claim[0]?.locked || claim[0].ran) return undefined;
        const noShows = await markNoShows(tx, id);
        await tx.query(`INSERT INTO night_audit_runs (property_id, business_date, no_shows) VALUES ($1, $2, $3)`, [
          id,
          claim[0].day,
          noShows.length,
        ]);
        return { propertyId: id, businessDate: claim[0].day, noShows };
      });
      if (run) done.push(run);
    } catch (error) {
      // Another instance recorded the day first: its run stands, this one rolled back.
      if (!isPgError(error, "23505")) throw error;
    }
  }
  return done;
}
