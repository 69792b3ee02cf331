// The pieces of Electric's HTTP shape protocol that the embedded shape server
// speaks: offsets, row keys, change and control messages, response headers.
// See docs/decisions/011-embedded-shape-server.md for what is supported.

/** `<tx>_<op>`; `-1` is before everything and `0_inf` the end of the initial snapshot. */
export type Offset = { tx: bigint; op: number };

export const BEFORE_ALL: Offset = { tx: -1n, op: 0 };
export const SNAPSHOT_END: Offset = { tx: 0n, op: Number.POSITIVE_INFINITY };

export function parseOffset(text: string): Offset | undefined {
  if (text === "-1") return BEFORE_ALL;
  const match = /^(\d{1,20})_(\d{1,9}|inf)$/.exec(text);
  if (!match) return undefined;
  return { tx: BigInt(match[1]), op: match[2] === "inf" ? Number.POSITIVE_INFINITY : Number(match[2]) };
}

export function formatOffset(offset: Offset): string {
  if (offset.tx < 0n) return "-1";
  return `${offset.tx}_${Number.isFinite(offset.op) ? offset.op : "inf"}`;
}

export function compareOffsets(a: Offset, b: Offset): number {
  if (a.tx !== b.tx) return a.tx < b.tx ? -1 : 1;
  return a.op === b.op ? 0 : a.op < b.op ? -1 : 1;
}

/** An LSN as Postgres writes it (`16/B374D848`) to the decimal string the protocol uses. */
export function lsnToBigInt(lsn: string): bigint {
  const [high, low] = lsn.split("/");
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
}

export function formatLsn(lsn: bigint): string {
  return `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffffffffn).toString(16).toUpperCase()}`;
}

export type RelationName = { schema: string; table: string };

function escapeName(name: string): string {
  return name.replaceAll("/", "//").replaceAll(".", "..");
}

/** `"public"."rooms"/"42"`: the row's identity within the shape log. */
export function rowKey(relation: RelationName, pk: (string | null)[]): string {
  const values = pk.map((value) => (value === null ? "/_" : `/"${value.replaceAll("/", "//")}"`)).join("");
  return `"${escapeName(relation.schema)}"."${escapeName(relation.table)}"${values}`;
}

export type Row = Record<string, string | null>;

export type ChangeHeaders = {
  operation: "insert" | "update" | "delete";
  relation: [string, string];
  lsn?: string;
  op_position?: number;
  txids?: number[];
  last?: true;
};

export type ChangeMessage = { key: string; value: Row; old_value?: Row; headers: ChangeHeaders };

export function upToDate(lastSeenLsn: bigint): string {
  return JSON.stringify({ headers: { control: "up-to-date", global_last_seen_lsn: lastSeenLsn.toString() } });
}

export const MUST_REFETCH = JSON.stringify([{ headers: { control: "must-refetch" } }]);

/** The visible-transactions window of a REPEATABLE READ snapshot (`pg_current_snapshot()`). */
export type Snapshot = { xmin: bigint; xmax: bigint; xip: bigint[] };

export function parseSnapshot(text: string): Snapshot {
  const [xmin, xmax, xip] = text.split(":");
  return { xmin: BigInt(xmin), xmax: BigInt(xmax), xip: xip ? xip.split(",").map((x) => BigInt(x)) : [] };
}

export function snapshotEnd(snapshot: Snapshot): string {
  return JSON.stringify({
    headers: {
      control: "snapshot-end",
      xmin: snapshot.xmin.toString(),
      xmax: snapshot.xmax.toString(),
      xip_list: snapshot.xip.map(String),
    },
  });
}

/**
 * Whether a transaction (its 32-bit xid, as logical replication reports it)
 * was already committed when the snapshot was taken, i.e. its changes are in
 * the snapshot's rows and must not be applied again.
 */
export function visibleInSnapshot(xid: number, snapshot: Snapshot): boolean {
  // Widen the 32-bit xid with the snapshot's epoch, allowing for a wrap just before it.
  const epoch = snapshot.xmax >> 32n;
  let full = (epoch << 32n) | BigInt(xid >>> 0);
  if (full > snapshot.xmax + (1n << 31n)) full -= 1n << 32n;
  if (full < snapshot.xmin) return true;
  if (full >= snapshot.xmax) return false;
  return !snapshot.xip.includes(full);
}

/** The response headers the client reads; proxies must pass them on. */
export const ELECTRIC_HEADERS = [
  "electric-handle",
  "electric-offset",
  "electric-schema",
  "electric-cursor",
  "electric-up-to-date",
  "electric-has-data",
];

export const EXPOSED_HEADERS = [...ELECTRIC_HEADERS, "retry-after"].join(", ");
