// Shapes and their logs. A shape is (table, where + params, columns, replica,
// log mode); clients asking for the same definition share one shape and one
// log. Everything that changes a log - taking a snapshot, applying a
// transaction - runs on one lane, in commit order, so a log is always
// snapshot-then-transactions with no gap and no transaction twice.
import { createHash, randomBytes } from "node:crypto";
import pg from "pg";
import {
  BEFORE_ALL,
  compareOffsets,
  formatOffset,
  parseSnapshot,
  rowKey,
  SNAPSHOT_END,
  snapshotEnd,
  visibleInSnapshot,
  type ChangeMessage,
  type Offset,
  type RelationName,
  type Row,
  type Snapshot,
  upToDate,
} from "./protocol";
import type { RowChange, Transaction } from "./replication";
import { canonicalSql, parseWhere, predicateOf, type RowPredicate } from "./where";

export type ShapeDefinition = {
  relation: RelationName;
  where?: string;
  params: string[];
  /** Requested columns; undefined means every published column. */
  columns?: string[];
  replica: "default" | "full";
  log: "full" | "changes_only";
};

export type ColumnInfo = {
  name: string;
  type: string;
  dims: number;
  notNull: boolean;
  pkIndex?: number;
  isEnum: boolean;
  deterministic: boolean;
};

type LogEntry = { offset: Offset; json: string };

export class ShapeError extends Error {
  constructor(
    message: string,
    readonly errors: Record<string, string[]> = {},
  ) {
    super(message);
  }
}

/** A response body ready to send, shared by every client asking for the same part of a log. */
export type Body = { body: Buffer; tail: Offset; hasData: boolean };

/** Bodies kept per shape until its log or the last seen LSN moves (a few offsets at most are asked at once). */
const MAX_BODIES = 16;

/** Why a waiting long-poll woke up. */
export type Wake = "changed" | "timeout" | "gone";

export class Shape {
  readonly key: string;
  readonly columns: string[];
  readonly pk: string[];
  readonly schemaHeader: string;
  /** Initial rows, as messages, in the order of the snapshot query. */
  snapshotJson: string[] = [];
  snapshotEndJson = "";
  readonly log: LogEntry[] = [];
  /** The shape's current rows by key (projected to its columns). */
  readonly rows = new Map<string, Row>();
  tail: Offset = SNAPSHOT_END;
  /** The where clause decided in this process, when it is of the kind that can be (shape-server/where.ts). */
  predicate?: RowPredicate;
  lastUsed = Date.now();
  gone = false;
  private snapshot?: Snapshot;
  private waiters = new Set<(wake: Wake) => void>();
  private bodies = new Map<string, Body>();
  private bodiesLsn = -1n;

  constructor(
    readonly handle: string,
    readonly definition: ShapeDefinition,
    info: ColumnInfo[],
  ) {
    this.key = definitionKey(definition);
    const published = info.filter((column) => column.type !== "");
    this.pk = published
      .filter((column) => column.pkIndex !== undefined)
      .sort((a, b) => a.pkIndex! - b.pkIndex!)
      .map((column) => column.name);
    this.columns = definition.columns ?? published.map((column) => column.name);
    const schema: Record<string, Record<string, unknown>> = {};
    for (const name of this.columns) {
      const column = published.find((candidate) => candidate.name === name)!;
      schema[name] = {
        type: column.type,
        ...(column.dims > 0 ? { dims: column.dims } : {}),
        ...(column.pkIndex !== undefined ? { pk_index: column.pkIndex } : {}),
        ...(column.notNull ? { not_null: true } : {}),
      };
    }
    this.schemaHeader = JSON.stringify(schema);
  }

  keyOf(row: Row): string {
    return rowKey(
      this.definition.relation,
      this.pk.map((name) => row[name] ?? null),
    );
  }

  project(row: Row): Row {
    const projected: Row = {};
    for (const name of this.columns) projected[name] = row[name] ?? null;
    return projected;
  }

  loadSnapshot(rows: Row[], snapshot: Snapshot): void {
    this.snapshot = snapshot;
    const relation: [string, string] = [this.definition.relation.schema, this.definition.relation.table];
    for (const row of rows) {
      const key = this.keyOf(row);
      this.rows.set(key, row);
      if (this.definition.log === "full")
        this.snapshotJson.push(JSON.stringify({ key, value: row, headers: { operation: "insert", relation } }));
    }
    this.snapshotEndJson = snapshotEnd(snapshot);
  }

  alreadyInSnapshot(xid: number): boolean {
    return this.snapshot ? visibleInSnapshot(xid, this.snapshot) : false;
  }

  append(messages: ChangeMessage[], offsets: Offset[]): void {
    if (messages.length === 0) return;
    messages[messages.length - 1].headers.last = true;
    messages.forEach((message, index) => this.log.push({ offset: offsets[index], json: JSON.stringify(message) }));
    this.tail = offsets[offsets.length - 1];
    this.bodies.clear();
    this.wake("changed");
  }

  /** Log entries after `offset`, as JSON texts. */
  after(offset: Offset): string[] {
    let low = 0;
    let high = this.log.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (compareOffsets(this.log[middle].offset, offset) <= 0) low = middle + 1;
      else high = middle;
    }
    return this.log.slice(low).map((entry) => entry.json);
  }

  /** Whether the log holds anything after `offset`. */
  changedAfter(offset: Offset): boolean {
    return this.log.length > 0 && compareOffsets(this.log[this.log.length - 1].offset, offset) > 0;
  }

  /**
   * The JSON array answering a request from `offset` (`now`: nothing; -1: the
   * snapshot, then the log), ending in up-to-date, as bytes. Serialised once
   * and shared: a change waking 200 long polls is encoded once, not 200 times.
   */
  body(offset: Offset | "now", lastSeenLsn: bigint): Body {
    if (lastSeenLsn !== this.bodiesLsn) {
      this.bodies.clear();
      this.bodiesLsn = lastSeenLsn;
    }
    const key = offset === "now" ? "now" : formatOffset(offset);
    let found = this.bodies.get(key);
    if (found) return found;
    let messages: string[];
    if (offset === "now") messages = [];
    else if (offset.tx < 0n) messages = [...this.snapshotJson, this.snapshotEndJson, ...this.after(BEFORE_ALL)];
    else messages = this.after(offset);
    messages.push(upToDate(lastSeenLsn));
    found = { body: Buffer.from(`[${messages.join(",")}]`), tail: this.tail, hasData: messages.length > 1 };
    if (this.bodies.size >= MAX_BODIES) this.bodies.delete(this.bodies.keys().next().value!);
    this.bodies.set(key, found);
    return found;
  }

  waitForChange(timeoutMs: number, signal: AbortSignal): Promise<Wake> {
    if (signal.aborted) return Promise.resolve("gone");
    return new Promise((resolve) => {
      const done = (wake: Wake) => {
        clearTimeout(timer);
        signal.removeEventListener("abort", abort);
        this.waiters.delete(done);
        resolve(wake);
      };
      const abort = () => done("gone");
      const timer = setTimeout(() => done("timeout"), timeoutMs);
      signal.addEventListener("abort", abort);
      this.waiters.add(done);
    });
  }

  get waiting(): number {
    return this.waiters.size;
  }

  wake(wake: Wake): void {
    for (const waiter of [...this.waiters]) waiter(wake);
  }
}

export function definitionKey(definition: ShapeDefinition): string {
  return JSON.stringify([
    definition.relation.schema,
    definition.relation.table,
    definition.where ?? null,
    definition.params,
    definition.columns ?? null,
    definition.replica,
    definition.log,
  ]);
}

/** Logs longer than this are retired: their clients refetch a fresh snapshot. */
const MAX_LOG_ENTRIES = 20_000;
/** Shapes nobody asked for in this long are dropped (their clients refetch on return). */
const IDLE_MS = 10 * 60_000;

export type RegistryOptions = {
  /** Read-only pool with the protocol's value formatting (see VALUE_FORMAT_OPTIONS). */
  pool: pg.Pool;
  /** Makes sure the table's changes are published before its snapshot is taken. */
  ensurePublished: (relation: RelationName) => Promise<void>;
  log: (line: string) => void;
};

export class ShapeRegistry {
  private shapes = new Map<string, Shape>();
  private creating = new Map<string, Promise<Shape>>();
  private lane: Promise<unknown> = Promise.resolve();
  private pending: Transaction[] = [];
  private readonly instance = randomBytes(6).toString("hex");
  private columnCache = new Map<string, ColumnInfo[]>();
  lastSeenLsn = 0n;
  private sweeper: NodeJS.Timeout;

  constructor(private readonly options: RegistryOptions) {
    this.sweeper = setInterval(() => this.sweepIdle(), 60_000);
    this.sweeper.unref();
  }

  get size(): number {
    return this.shapes.size;
  }

  find(definition: ShapeDefinition): Shape | undefined {
    const shape = this.shapes.get(definitionKey(definition));
    if (shape) shape.lastUsed = Date.now();
    return shape;
  }

  /** The shape for this definition, taking its snapshot if it is new. */
  async obtain(definition: ShapeDefinition): Promise<Shape> {
    const existing = this.find(definition);
    if (existing) return existing;
    const key = definitionKey(definition);
    let pending = this.creating.get(key);
    if (!pending) {
      pending = this.create(definition).finally(() => this.creating.delete(key));
      this.creating.set(key, pending);
    }
    return pending;
  }

  private async create(definition: ShapeDefinition): Promise<Shape> {
    const info = await this.describe(definition.relation);
    validateColumns(definition, info);
    await this.options.ensurePublished(definition.relation);
    const handle = `${createHash("sha256").update(this.instance).update(definitionKey(definition)).digest("hex").slice(0, 12)}-${Date.now() * 1000 + Math.floor(Math.random() * 1000)}`;
    const shape = new Shape(handle, definition, info);
    shape.predicate = await this.compileWhere(definition, info);
    // On the lane: transactions already queued before the snapshot are filtered
    // by the snapshot's visibility, later ones are applied after it.
    return this.enqueue(async () => {
      const { rows, snapshot } = await this.takeSnapshot(shape);
      shape.loadSnapshot(rows, snapshot);
      this.shapes.set(shape.key, shape);
      return shape;
    });
  }

  /** The shape's where clause as a predicate, with its operands made canonical by Postgres; undefined to ask Postgres each time. */
  private async compileWhere(definition: ShapeDefinition, info: ColumnInfo[]): Promise<RowPredicate | undefined> {
    if (!definition.where) return undefined;
    const comparisons = parseWhere(
      definition.where,
      info.filter((column) => column.type !== ""),
    );
    if (!comparisons) return undefined;
    try {
      const { rows } = await this.options.pool.query<{ canonical: string[] }>(
        `SELECT ARRAY[${canonicalSql(comparisons).join(", ")}] AS canonical`,
        definition.params,
      );
      return predicateOf(comparisons, rows[0].canonical);
    } catch {
      // Postgres reads it otherwise (or refuses it: the snapshot will say why).
      return undefined;
    }
  }

  private async takeSnapshot(shape: Shape): Promise<{ rows: Row[]; snapshot: Snapshot }> {
    const client = await this.options.pool.connect();
    try {
      await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
      const { relation, where, params } = shape.definition;
      const list = shape.columns.map(quoteIdent).join(", ");
      const result = await client.query<Row>({
        text: `SELECT ${list} FROM ${quoteIdent(relation.schema)}.${quoteIdent(relation.table)}${where ? ` WHERE (${where})` : ""}`,
        values: params,
        // Values exactly as Postgres writes them, as replication sends them.
        types: { getTypeParser: () => (value: string) => value },
      });
      const snapshot = await client.query<{ snapshot: string }>("SELECT pg_current_snapshot()::text AS snapshot");
      await client.query("COMMIT");
      return { rows: result.rows, snapshot: parseSnapshot(snapshot.rows[0].snapshot) };
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw asShapeError(error);
    } finally {
      client.release();
    }
  }

  async describe(relation: RelationName): Promise<ColumnInfo[]> {
    const cacheKey = `${relation.schema}.${relation.table}`;
    const cached = this.columnCache.get(cacheKey);
    if (cached) return cached;
    const { rows } = await this.options.pool.query<{
      name: string;
      type: string;
      element: string | null;
      dims: number;
      not_null: boolean;
      generated: string;
      pk_position: number | null;
      is_enum: boolean;
      deterministic: boolean;
    }>(
      `SELECT a.attname AS name, t.typname AS type, e.typname AS element, a.attndims AS dims,
              a.attnotnull AS not_null, a.attgenerated AS generated, t.typtype = 'e' AS is_enum,
              coalesce(co.collisdeterministic, true) AS deterministic,
              array_position(i.indkey::int2[], a.attnum) - array_lower(i.indkey::int2[], 1) + 1 AS pk_position
         FROM pg_attribute a
         JOIN pg_class c ON c.oid = a.attrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_type t ON t.oid = a.atttypid
         LEFT JOIN pg_type e ON e.oid = t.typelem AND t.typcategory = 'A'
         LEFT JOIN pg_collation co ON co.oid = a.attcollation
         LEFT JOIN pg_index i ON i.indrelid = c.oid AND i.indisprimary
        WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attnum`,
      [relation.schema, relation.table],
    );
    if (rows.length === 0)
      throw new ShapeError("Invalid request", {
        table: [`Table "${relation.schema}"."${relation.table}" does not exist`],
      });
    const info = rows.map((row) => ({
      name: row.name,
      // Generated columns are not published by logical replication before
      // PostgreSQL 18's publish_generated_columns: leave them out of shapes.
      type: row.generated ? "" : (row.element ?? row.type),
      dims: row.element ? Math.max(1, row.dims) : 0,
      notNull: row.not_null,
      pkIndex: row.pk_position === null ? undefined : row.pk_position - 1,
      isEnum: row.is_enum,
      deterministic: row.deterministic,
    }));
    if (!info.some((column) => column.pkIndex !== undefined))
      throw new ShapeError("Invalid request", { table: ["Tables without a primary key are not supported"] });
    this.columnCache.set(cacheKey, info);
    return info;
  }

  private enqueue<T>(job: () => Promise<T>): Promise<T> {
    const run = this.lane.then(job, job);
    this.lane = run.catch(() => {});
    return run;
  }

  /**
   * Applies one committed transaction to every shape it touches, in commit
   * order. Transactions that arrive while earlier ones are being applied wait
   * and are applied together: each shape's where clause is then decided by
   * one query for all of them, not one per transaction.
   */
  apply(transaction: Transaction): void {
    this.pending.push(transaction);
    // A job already on the lane takes everything pending when it starts.
    if (this.pending.length > 1) return;
    void this.enqueue(async () => {
      const batch = this.pending;
      this.pending = [];
      try {
        await this.applyBatch(batch);
      } catch (error) {
        // A transaction that cannot be applied would leave logs with a gap:
        // retire every shape instead, and let clients refetch.
        const xids = batch.map(({ xid }) => xid).join(", ");
        this.options.log(`could not apply transaction(s) ${xids}: ${(error as Error).message}`);
        this.invalidateAll();
      }
      this.lastSeenLsn = batch[batch.length - 1].lsn;
    });
  }

  private async applyBatch(batch: Transaction[]): Promise<void> {
    const byTable = batch.map((transaction) => {
      const tables = new Map<string, { change: RowChange; position: number }[]>();
      transaction.changes.forEach((change, position) => {
        const name = `${change.relation.schema}.${change.relation.table}`;
        if (!tables.has(name)) tables.set(name, []);
        tables.get(name)!.push({ change, position });
      });
      return tables;
    });
    // First what each shape has to decide, over the whole batch, and its where clause asked once.
    const shapes = [...this.shapes.values()];
    const work = new Map<Shape, Map<number, ShapeWork>>();
    for (const shape of shapes) {
      const { relation } = shape.definition;
      const name = `${relation.schema}.${relation.table}`;
      const items = new Map<number, ShapeWork>();
      // The latest version of each row seen so far in the batch (undefined: deleted), for updates that omit values.
      const latest = new Map<string, Row | undefined>();
      batch.forEach((transaction, index) => {
        const changes = byTable[index].get(name);
        if (!changes || shape.alreadyInSnapshot(transaction.xid)) return;
        // Truncated, or changed too much to be held row by row: the shape starts over.
        if (changes.some(({ change }) => change.kind === "truncate" || change.kind === "overflow")) {
          items.set(index, { changes, candidates: [], matches: new Set(), truncated: true });
          return;
        }
        items.set(index, { changes, candidates: candidatesOf(shape, changes, latest), matches: new Set() });
      });
      if (items.size === 0) continue;
      const all = [...items.values()];
      const matched = await this.matching(
        shape,
        all.flatMap((item) => item.candidates),
      );
      let base = 0;
      for (const item of all) {
        for (let i = 0; i < item.candidates.length; i++) if (matched.has(base + i)) item.matches.add(i);
        base += item.candidates.length;
      }
      work.set(shape, items);
    }
    // Then each transaction in commit order, to each shape in turn, as one at a time would.
    batch.forEach((transaction, index) => {
      for (const shape of shapes) {
        const item = work.get(shape)?.get(index);
        if (!item || shape.gone) continue;
        if (item.truncated) {
          this.retire(shape);
          continue;
        }
        applyToShape(shape, transaction, item);
        if (shape.log.length > MAX_LOG_ENTRIES) this.retire(shape);
      }
    });
  }

  /** Indexes of the candidate rows that the shape's where clause accepts: decided here when it can be (where.ts), else by Postgres. */
  private async matching(shape: Shape, candidates: (Row | undefined)[]): Promise<Set<number>> {
    const present = candidates.flatMap((row, index) => (row ? [{ row, index }] : []));
    if (!shape.definition.where) return new Set(present.map(({ index }) => index));
    if (present.length === 0) return new Set();
    if (shape.predicate) {
      const verdicts = present.map(({ row }) => shape.predicate!(row));
      if (!verdicts.includes(undefined))
        return new Set(present.filter((_, i) => verdicts[i]).map(({ index }) => index));
    }
    const { relation, where, params } = shape.definition;
    const table = `${quoteIdent(relation.schema)}.${quoteIdent(relation.table)}`;
    const documents = `$${params.length + 1}`;
    const { rows } = await this.options.pool.query<{ i: number }>(
      `SELECT (candidate.__hotel_ord - 1)::int AS i
         FROM jsonb_array_elements(${documents}::jsonb) WITH ORDINALITY AS candidate(__hotel_doc, __hotel_ord)
        CROSS JOIN LATERAL jsonb_populate_record(NULL::${table}, candidate.__hotel_doc) AS ${quoteIdent(relation.table)}
        WHERE (${where})`,
      [...params, JSON.stringify(present.map(({ row }) => row))],
    );
    return new Set(rows.map(({ i }) => present[i].index));
  }

  /** Drops a shape: its clients get must-refetch and a new snapshot. */
  retire(shape: Shape): void {
    if (this.shapes.get(shape.key) === shape) this.shapes.delete(shape.key);
    shape.gone = true;
    shape.wake("gone");
  }

  invalidateAll(): void {
    for (const shape of [...this.shapes.values()]) this.retire(shape);
    this.columnCache.clear();
  }

  private sweepIdle(): void {
    const now = Date.now();
    for (const shape of [...this.shapes.values()])
      if (shape.waiting === 0 && now - shape.lastUsed > IDLE_MS) this.retire(shape);
  }

  close(): void {
    clearInterval(this.sweeper);
    this.invalidateAll();
  }
}

function validateColumns(definition: ShapeDefinition, info: ColumnInfo[]): void {
  if (!definition.columns) return;
  const known = new Map(info.map((column) => [column.name, column]));
  const unknown = definition.columns.filter((name) => !known.has(name) || known.get(name)!.type === "");
  if (unknown.length > 0)
    throw new ShapeError("Invalid request", { columns: [`Unknown or unpublished columns: ${unknown.join(", ")}`] });
  const missing = info.filter((column) => column.pkIndex !== undefined && !definition.columns!.includes(column.name));
  if (missing.length > 0)
    throw new ShapeError("Invalid request", {
      columns: [
        `The list of columns must include all primary key columns, missing: ${missing.map((c) => c.name).join(", ")}`,
      ],
    });
}

/** The row's identity before the change (its key tuple, old row, or - unchanged key - the new row). */
type ShapeWork = {
  changes: { change: RowChange; position: number }[];
  /** For each change, the row version its where clause is asked about (inserts and updates). */
  candidates: (Row | undefined)[];
  /** Indexes into candidates that the where clause accepts. */
  matches: Set<number>;
  truncated?: true;
};

/**
 * The new version of every inserted or updated row, completed where
 * replication left unchanged TOASTed values out: from the row's latest
 * version earlier in the batch, else from the shape's copy.
 */
function candidatesOf(
  shape: Shape,
  changes: { change: RowChange; position: number }[],
  latest: Map<string, Row | undefined>,
): (Row | undefined)[] {
  return changes.map(({ change }) => {
    if (change.kind === "truncate" || change.kind === "overflow") return undefined;
    const before = identity(change);
    const oldKey = before ? shape.keyOf(before) : undefined;
    if (change.kind === "delete") {
      if (oldKey !== undefined) latest.set(oldKey, undefined);
      return undefined;
    }
    let row = change.new;
    if (change.kind === "update") {
      const previous =
        oldKey === undefined ? undefined : latest.has(oldKey) ? latest.get(oldKey) : shape.rows.get(oldKey);
      row = { ...previous, ...change.old, ...change.new } as Row;
      if (oldKey !== undefined) latest.set(oldKey, undefined);
    }
    latest.set(shape.keyOf(row), row);
    return row;
  });
}

/** One transaction's changes to one shape, its where clause decided: the shape's rows and log move on. */
function applyToShape(shape: Shape, transaction: Transaction, { changes, candidates, matches }: ShapeWork): void {
  const relation: [string, string] = [shape.definition.relation.schema, shape.definition.relation.table];
  const messages: ChangeMessage[] = [];
  const offsets: Offset[] = [];
  const lsn = transaction.lsn.toString();
  let op = 0;
  const emit = (message: Omit<ChangeMessage, "headers">, operation: ChangeMessage["headers"]["operation"]) => {
    const position = op++;
    messages.push({
      ...message,
      headers: { operation, relation, lsn, op_position: position, txids: [transaction.xid] },
    });
    offsets.push({ tx: transaction.lsn, op: position });
  };
  const removeRow = (key: string) => {
    const previous = shape.rows.get(key)!;
    shape.rows.delete(key);
    const value = shape.definition.replica === "full" ? previous : pick(previous, shape.pk);
    emit({ key, value }, "delete");
  };
  changes.forEach(({ change }, index) => {
    if (change.kind === "truncate" || change.kind === "overflow") return;
    const before = identity(change);
    const oldKey = before ? shape.keyOf(before) : undefined;
    const wasIn = oldKey !== undefined && shape.rows.has(oldKey);
    if (change.kind === "delete") {
      if (wasIn) removeRow(oldKey);
      return;
    }
    const row = shape.project(candidates[index]!);
    const newKey = shape.keyOf(row);
    const isIn = matches.has(index);
    if (wasIn && (!isIn || newKey !== oldKey)) removeRow(oldKey);
    if (!isIn) return;
    const previous = shape.rows.get(newKey);
    shape.rows.set(newKey, row);
    if (!previous) {
      emit({ key: newKey, value: row }, "insert");
      return;
    }
    const changed = shape.columns.filter((name) => previous[name] !== row[name]);
    if (changed.length === 0) return;
    if (shape.definition.replica === "full") {
      emit({ key: newKey, value: row, old_value: pick(previous, changed) }, "update");
    } else {
      emit({ key: newKey, value: { ...pick(row, shape.pk), ...pick(row, changed) } }, "update");
    }
  });
  shape.append(messages, offsets);
}

function identity(change: RowChange): Row | undefined {
  if (change.kind === "insert" || change.kind === "truncate" || change.kind === "overflow") return undefined;
  return change.key ?? change.old ?? (change.kind === "update" ? change.new : undefined);
}

function pick(row: Row, names: string[]): Row {
  const picked: Row = {};
  for (const name of names) picked[name] = row[name] ?? null;
  return picked;
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function asShapeError(error: unknown): Error {
  if (error instanceof ShapeError) return error;
  if (error instanceof pg.DatabaseError) {
    // The where clause is Postgres' to judge: its own message says what is wrong.
    if (/^(42|22)/.test(error.code ?? "")) return new ShapeError("Invalid request", { where: [error.message] });
  }
  return error instanceof Error ? error : new Error(String(error));
}
