// The desk's IndexedDB (through `idb`): the shapes' rows with their handle
// and offset, so a screen shows the last known state offline and resumes
// where it left off; and the outbox of changes made offline, kept across
// reloads and browser restarts until the server has them. Browser only.
import { openDB, type DBSchema, type IDBPDatabase } from "idb";

export type StoredShape = {
  /** The shape's name and arguments, as the page asked for it. */
  id: string;
  handle: string;
  offset: string;
  /** Rows by the shape's row key. */
  rows: Record<string, Record<string, unknown>>;
  /** When these rows were last up to date with the server (ms since epoch). */
  savedAt: number;
};

export type OutboxState = "pending" | "sent" | "conflict" | "failed";

export type OutboxItem = {
  seq?: number;
  /** The idempotency key: replaying the item twice changes the server once. */
  key: string;
  /** Whose session queued it: replayed only under that account. */
  accountId: string;
  propertyId: string;
  intent: string;
  /** The form's fields as typed. */
  fields: Record<string, string>;
  /** What the clerk sees in the list (room, guest, action), drawn when queued. */
  label: { room?: string; guest?: string };
  queuedAt: number;
  state: OutboxState;
  /** The server's answer once replayed: its txid, or its problems and alternatives. */
  answer?: {
    txid?: string;
    reference?: string;
    problems?: { field: string; key: string; values?: Record<string, unknown> }[];
    alternatives?: { roomId: string; roomNumber: string }[];
  };
};

interface DeskDB extends DBSchema {
  shapes: { key: string; value: StoredShape };
  outbox: { key: number; value: OutboxItem; indexes: { key: string } };
}

let opened: Promise<IDBPDatabase<DeskDB>> | undefined;

/** The one database connection of this page (undefined where IndexedDB is missing, e.g. on the server). */
export function deskDB(): Promise<IDBPDatabase<DeskDB>> | undefined {
  if (typeof indexedDB === "undefined") return undefined;
  opened ??= openDB<DeskDB>("hotel-desk", 1, {
    upgrade(db) {
      db.createObjectStore("shapes", { keyPath: "id" });
      db.createObjectStore("outbox", { keyPath: "seq", autoIncrement: true }).createIndex("key", "key", {
        unique: true,
      });
    },
  });
  return opened;
}

export async function loadShape(id: string): Promise<StoredShape | undefined> {
  try {
    return await (await deskDB())?.get("shapes", id);
  } catch {
    // A private window or a full disk: the screen still works, only not offline.
    return undefined;
  }
}

export async function saveShape(shape: StoredShape): Promise<void> {
  try {
    await (await deskDB())?.put("shapes", shape);
  } catch {
    // As above: nothing kept, nothing lost that the server does not have.
  }
}
