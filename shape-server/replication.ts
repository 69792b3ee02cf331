// Postgres logical replication (pgoutput, through pg-logical-replication),
// turned into whole committed transactions in commit order. The slot is
// TEMPORARY and created on the streaming connection itself: Postgres drops it
// when that connection ends, cleanly or not, so a crashed server never leaves
// a slot pinning WAL. Losing the connection therefore loses the position too;
// the shape server answers that by invalidating its shapes (clients refetch).
import { randomBytes } from "node:crypto";
import type pg from "pg";
import { LogicalReplicationService, PgoutputPlugin } from "pg-logical-replication";
import type { Row } from "./protocol";
import { formatLsn, lsnToBigInt } from "./protocol";

export type RelationInfo = {
  schema: string;
  table: string;
  columns: string[];
  keyColumns: string[];
};

export type RowChange =
  | { kind: "insert"; relation: RelationInfo; new: Row }
  | { kind: "update"; relation: RelationInfo; new: Row; old: Row | null; key: Row | null }
  | { kind: "delete"; relation: RelationInfo; old: Row | null; key: Row | null }
  | { kind: "truncate"; relation: RelationInfo }
  /** The transaction changed more of this table than is held in memory: its shapes start over. */
  | { kind: "overflow"; relation: RelationInfo };

export type Transaction = { xid: number; lsn: bigint; changes: RowChange[] };

/**
 * The most row changes of one transaction held until its commit. A larger one
 * (a bulk load, a mass update) is not kept row by row: the tables it touched
 * are noted, and their shapes start over from a new snapshot (must-refetch),
 * so memory stays bounded whatever size a transaction has.
 */
export const MAX_TRANSACTION_CHANGES = 10_000;

/** Session settings that make Postgres write values the way the protocol expects. */
export const VALUE_FORMAT_OPTIONS =
  "-c DateStyle=ISO,DMY -c TimeZone=UTC -c IntervalStyle=iso_8601 -c extra_float_digits=1 -c bytea_output=hex";

type Tuple = Record<string, unknown>;
type Relation = {
  relationOid: number;
  schema: string;
  name: string;
  keyColumns: string[];
  columns: { name: string; parser: (value: string) => unknown }[];
};
type Message =
  | { tag: "begin"; xid: number; commitLsn: string | null }
  | { tag: "commit"; commitLsn: string | null }
  | { tag: "relation" }
  | { tag: "insert"; relation: Relation; new: Tuple }
  | { tag: "update"; relation: Relation; new: Tuple; old: Tuple | null; key: Tuple | null }
  | { tag: "delete"; relation: Relation; old: Tuple | null; key: Tuple | null }
  | { tag: "truncate"; relations: Relation[] }
  | { tag: string };

const asText = (value: string) => value;

/** pgoutput as Postgres writes it: values stay text, and the slot is made here. */
class TextPgoutput extends PgoutputPlugin {
  constructor(
    publication: string,
    private readonly createSlot: (client: pg.Client) => Promise<void>,
  ) {
    super({ protoVersion: 1, publicationNames: [publication] });
  }

  override parse(buffer: Buffer) {
    const message = super.parse(buffer) as Message;
    // The library would parse values with pg's global type parsers; the
    // protocol wants Postgres' own text output.
    if (message.tag === "relation")
      for (const column of (message as unknown as Relation).columns) column.parser = asText;
    return message as ReturnType<PgoutputPlugin["parse"]>;
  }

  override async start(client: pg.Client, slotName: string, lastLsn: string) {
    await this.createSlot(client);
    return super.start(client, slotName, lastLsn);
  }
}

export type ReplicationOptions = {
  connectionString: string;
  publication: string;
  onTransaction: (transaction: Transaction) => void;
  /** Streaming started (again): everything from now on arrives. */
  onStart: () => void;
  /** The stream broke; changes between now and the next onStart are lost. */
  onLost: (error: Error) => void;
  log: (line: string) => void;
};

export class ReplicationStream {
  readonly slotName = `hotel_shapes_${process.pid}_${randomBytes(4).toString("hex")}`;
  private service?: LogicalReplicationService;
  /** The tables of the open transaction, once it has more changes than are held (MAX_TRANSACTION_CHANGES). */
  private overflowed?: Map<string, RelationInfo>;
  private stopped = false;
  private retryTimer?: NodeJS.Timeout;
  private current?: { xid: number; lsn: bigint; changes: RowChange[] };
  private relations = new Map<number, RelationInfo>();
  private attempt = 0;

  constructor(private readonly options: ReplicationOptions) {}

  start(): void {
    this.stopped = false;
    void this.connect();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const service = new LogicalReplicationService(
      {
        connectionString: this.options.connectionString,
        options: VALUE_FORMAT_OPTIONS,
        application_name: "hotel-shapes",
      },
      // Not after every message (auto), which cost a standby status update for
      // each row of each transaction, a write for this process and a wakeup
      // for the walsender: the position received is reported once a second,
      // and whenever the server asks (the heartbeat below). The slot is
      // temporary and the shapes in memory, so nothing is lost by reporting
      // less often; the server keeps a second more of WAL.
      { acknowledge: { auto: false, timeoutSeconds: 1 } },
    );
    this.service = service;
    let failed = false;
    const fail = (error: Error) => {
      if (failed || this.stopped) return;
      failed = true;
      this.current = undefined;
      this.options.onLost(error);
      void service.destroy().catch(() => {});
      const delay = Math.min(10_000, 250 * 2 ** Math.min(this.attempt++, 6));
      this.options.log(`replication stream lost (${error.message}); reconnecting in ${delay} ms`);
      this.retryTimer = setTimeout(() => void this.connect(), delay);
    };
    service.on("error", fail);
    service.on("start", () => {
      this.attempt = 0;
      this.options.onStart();
    });
    service.on("heartbeat", (lsn: string, _timestamp: number, shouldRespond: boolean) => {
      // A keepalive's LSN is already the end of WAL sent. The library reports
      // "LSN + 1", and a walsender shutting down waits until the reported
      // position equals what it sent exactly - so report one byte less.
      const end = lsnToBigInt(lsn);
      if (shouldRespond && end > 0n) void service.acknowledge(formatLsn(end - 1n)).catch(() => {});
    });
    service.on("data", (_lsn: string, message: Message) => this.receive(message));
    const plugin = new TextPgoutput(this.options.publication, async (client) => {
      await client.query(`CREATE_REPLICATION_SLOT "${this.slotName}" TEMPORARY LOGICAL pgoutput NOEXPORT_SNAPSHOT`);
    });
    try {
      await service.subscribe(plugin, this.slotName);
      if (!this.stopped) fail(new Error("replication ended"));
    } catch (error) {
      fail(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private receive(message: Message): void {
    switch (message.tag) {
      case "begin": {
        const begin = message as Extract<Message, { tag: "begin" }>;
        this.current = { xid: begin.xid, lsn: lsnToBigInt(begin.commitLsn ?? "0/0"), changes: [] };
        this.overflowed = undefined;
        return;
      }
      case "commit": {
        const transaction = this.current;
        this.current = undefined;
        if (transaction && this.overflowed) {
          transaction.changes = [...this.overflowed.values()].map((relation) => ({ kind: "overflow", relation }));
          this.overflowed = undefined;
        }
        if (transaction && transaction.changes.length > 0) this.options.onTransaction(transaction);
        return;
      }
      case "insert": {
        const insert = message as Extract<Message, { tag: "insert" }>;
        this.push({ kind: "insert", relation: this.relation(insert.relation), new: text(insert.new) });
        return;
      }
      case "update": {
        const update = message as Extract<Message, { tag: "update" }>;
        this.push({
          kind: "update",
          relation: this.relation(update.relation),
          new: text(update.new),
          old: update.old ? text(update.old) : null,
          key: update.key ? text(update.key) : null,
        });
        return;
      }
      case "delete": {
        const remove = message as Extract<Message, { tag: "delete" }>;
        this.push({
          kind: "delete",
          relation: this.relation(remove.relation),
          old: remove.old ? text(remove.old) : null,
          key: remove.key ? text(remove.key) : null,
        });
        return;
      }
      case "truncate": {
        const truncate = message as Extract<Message, { tag: "truncate" }>;
        for (const relation of truncate.relations) this.push({ kind: "truncate", relation: this.relation(relation) });
        return;
      }
      default:
        return;
    }
  }

  /** Holds a change of the open transaction, or only its table once the transaction is too large to hold. */
  private push(change: RowChange): void {
    const transaction = this.current;
    if (!transaction) return;
    if (!this.overflowed && transaction.changes.length < MAX_TRANSACTION_CHANGES) {
      transaction.changes.push(change);
      return;
    }
    if (!this.overflowed) {
      this.overflowed = new Map();
      for (const held of transaction.changes) this.overflowed.set(relationKey(held.relation), held.relation);
      transaction.changes = [];
    }
    this.overflowed.set(relationKey(change.relation), change.relation);
  }

  private relation(relation: Relation): RelationInfo {
    let info = this.relations.get(relation.relationOid);
    if (!info || info.columns.length !== relation.columns.length || info.table !== relation.name) {
      info = {
        schema: relation.schema,
        table: relation.name,
        columns: relation.columns.map((column) => column.name),
        keyColumns: relation.keyColumns,
      };
      this.relations.set(relation.relationOid, info);
    }
    return info;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    // Ending the connection drops the temporary slot with it.
    await this.service?.destroy().catch(() => {});
  }
}

/** Tuples arrive with unchanged TOASTed values as undefined; keep them apart from NULL. */
function text(tuple: Tuple): Row {
  const row: Row = {};
  for (const [name, value] of Object.entries(tuple)) {
    if (value === undefined) continue;
    row[name] = value === null ? null : String(value);
  }
  return row;
}

function relationKey(relation: RelationInfo): string {
  return `${relation.schema}.${relation.table}`;
}
