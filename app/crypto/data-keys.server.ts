// Keeping the data keys' KEKs fresh (decision record 016): each period a new
// KEK, every live data key re-wrapped under it in batches, and KEKs that no
// data key needs destroyed once the retention period after they were
// superseded has passed. From then on, a backup, WAL segment or replica made
// before an erasure holds only data keys that nothing can unwrap.
import type pg from "pg";
import { getPool } from "../../db/pool.server";
import { createKek, currentKek, kekById, kekIds, destroyKek, unwrapDataKey, wrapDataKey } from "./keys.server";

const DAY = 24 * 60 * 60 * 1000;

export type KeyPolicy = {
  /** A new KEK when the current one is this old. */
  periodMs: number;
  /** A superseded KEK is kept this long (to restore a recent backup), then destroyed once unused. */
  retentionMs: number;
};

export function keyPolicy(days: { rotationDays: number; retentionDays: number }): KeyPolicy {
  return { periodMs: days.rotationDays * DAY, retentionMs: days.retentionDays * DAY };
}

type Queryable = Pick<pg.ClientBase, "query">;

/** Re-wraps every data key that is not under the current KEK. */
export async function rewrapDataKeys(
  db: Queryable,
  { batchSize = 500 }: { batchSize?: number } = {},
): Promise<{ rewrapped: number; unreadable: number }> {
  const kek = currentKek(0);
  let rewrapped = 0;
  let unreadable = 0;
  let after = "";
  for (;;) {
    const { rows } = await db.query<{ subject: string; wrapped: string }>(
      `SELECT subject, wrapped FROM data_keys WHERE kek_id <> $1 AND subject > $2 ORDER BY subject LIMIT $3`,
      [kek.id, after, batchSize],
    );
    if (rows.length === 0) break;
    after = rows.at(-1)!.subject;
    const batch = { subjects: [] as string[], old: [] as string[], wrapped: [] as string[] };
    for (const row of rows) {
      try {
        const wrapped = wrapDataKey(row.subject, unwrapDataKey(row.subject, row.wrapped), kek);
        batch.subjects.push(row.subject);
        batch.old.push(row.wrapped);
        batch.wrapped.push(wrapped);
      } catch {
        unreadable++;
      }
    }
    // Only where the key is still the one read: an erasure meanwhile deleted it, and stays deleted.
    const { rowCount } = await db.query(
      `UPDATE data_keys k SET wrapped = v.wrapped, rewrapped_at = now()
         FROM unnest($1::text[], $2::text[], $3::text[]) AS v(subject, old, wrapped)
        WHERE k.subject = v.subject AND k.wrapped = v.old`,
      [batch.subjects, batch.old, batch.wrapped],
    );
    rewrapped += rowCount ?? 0;
  }
  return { rewrapped, unreadable };
}

/**
 * Destroys each KEK that was superseded more than the retention period ago
 * and that no data key is wrapped under any more. Never the current one.
 */
export async function destroyExpiredKeks(
  db: Queryable,
  { retentionMs, now = new Date() }: { retentionMs: number; now?: Date },
): Promise<number[]> {
  const current = currentKek(0);
  const { rows } = await db.query<{ kek_id: number }>(`SELECT DISTINCT kek_id FROM data_keys`);
  const used = new Set(rows.map((row) => row.kek_id));
  const ids = kekIds();
  const destroyed: number[] = [];
  for (const [i, id] of ids.entries()) {
    const successor = ids[i + 1];
    if (id === current.id || successor === undefined || used.has(id)) continue;
    if (now.getTime() - kekById(successor)!.createdAt.getTime() < retentionMs) continue;
    destroyKek(id);
    destroyed.push(id);
  }
  return destroyed;
}

export type RotationReport = {
  kekId: number;
  created: boolean;
  rewrapped: number;
  unreadable: number;
  destroyed: number[];
};

/**
 * One maintenance pass: a new KEK when the period is up (or `force`), every
 * data key re-wrapped under the current KEK, expired KEKs destroyed. One
 * instance at a time (an advisory lock); another finding it taken skips.
 */
export async function rotateKeys(
  policy: KeyPolicy & { force?: boolean; now?: Date },
  client?: pg.ClientBase,
): Promise<RotationReport | undefined> {
  const db = client ?? (await getPool().connect());
  try {
    const { rows } = await db.query<{ locked: boolean }>(
      `SELECT pg_try_advisory_lock(hashtext('hotel:key-rotation')) AS locked`,
    );
    if (!rows[0].locked) return undefined;
    try {
      const now = policy.now ?? new Date();
      let kek = currentKek(0);
      const created = policy.force === true || now.getTime() - kek.createdAt.getTime() >= policy.periodMs;
      if (created) kek = createKek(now);
      const { rewrapped, unreadable } = await rewrapDataKeys(db);
      // A key that could not be re-wrapped keeps its KEK alive, so nothing it opens is lost by accident.
      const destroyed = await destroyExpiredKeks(db, { retentionMs: policy.retentionMs, now });
      return { kekId: kek.id, created, rewrapped, unreadable, destroyed };
    } finally {
      await db.query(`SELECT pg_advisory_unlock(hashtext('hotel:key-rotation'))`);
    }
  } finally {
    if (!client) (db as pg.PoolClient).release();
  }
}

/** The launcher's schedule: a pass now and every few hours. */
export function startKeyMaintenance(
  policy: KeyPolicy,
  log: (line: string) => void,
  everyMs = 6 * 60 * 60 * 1000,
): { stop: () => void } {
  const pass = () =>
    rotateKeys(policy).then(
      (report) => {
        if (report && (report.created || report.rewrapped || report.destroyed.length || report.unreadable)) {
          log(`keys: ${describeRotation(report)}`);
        }
      },
      (error: unknown) => log(`keys: rotation failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  void pass();
  const timer = setInterval(() => void pass(), everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

export function describeRotation(report: RotationReport): string {
  return (
    `current KEK ${report.kekId}${report.created ? " (new)" : ""}; ${report.rewrapped} data keys re-wrapped` +
    (report.unreadable ? `, ${report.unreadable} could not be opened` : "") +
    `; KEKs destroyed: ${report.destroyed.length ? report.destroyed.join(", ") : "none"}`
  );
}
