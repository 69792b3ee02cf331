// The desk's outbox: what a clerk does with no network (check-in, check-out,
// housekeeping, a provisional walk-in) is kept in IndexedDB with an
// idempotency key, and replayed in order to POST /desk/outbox when the
// network returns. An item is pending until the server answered; then sent
// (with its txid), or a conflict (the server's problems, and for a walk-in
// whose room was taken meanwhile, the next free rooms). Nothing is dropped:
// the clerk dismisses what they have seen.
import { deskDB, type OutboxItem } from "./store";

export type { OutboxItem } from "./store";

/** What can be done offline. Everything else needs the server's answer at once (a hold, a move). */
export const OFFLINE_INTENTS = new Set(["check-in", "check-out", "housekeeping", "walk-in"]);

const CHANNEL = "desk-outbox";
const listeners = new Set<() => void>();
let channel: BroadcastChannel | undefined;

function changed(): void {
  for (const listener of listeners) listener();
  channel?.postMessage("changed");
}

/** Be told when the outbox changed, in this tab or another. */
export function onOutboxChange(listener: () => void): () => void {
  if (!channel && typeof BroadcastChannel !== "undefined") {
    channel = new BroadcastChannel(CHANNEL);
    channel.onmessage = () => listeners.forEach((each) => each());
  }
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export async function outboxItems(): Promise<OutboxItem[]> {
  const db = await deskDB();
  return db ? db.getAll("outbox") : [];
}

export async function enqueue(item: Omit<OutboxItem, "seq" | "state" | "queuedAt">): Promise<OutboxItem> {
  const db = await deskDB();
  if (!db) throw new Error("This browser keeps no offline outbox.");
  const queued: OutboxItem = { ...item, state: "pending", queuedAt: Date.now() };
  queued.seq = await db.add("outbox", queued);
  changed();
  return queued;
}

/** Forget an item the clerk has seen (sent or conflicted); pending items stay until sent. */
export async function dismiss(seq: number): Promise<void> {
  const db = await deskDB();
  const item = await db?.get("outbox", seq);
  if (!db || !item || item.state === "pending") return;
  await db.delete("outbox", seq);
  changed();
}

/** A conflicted walk-in booked again on another room: a new item (new key) in place of the old. */
export async function rebook(seq: number, room: { roomId: string; roomNumber: string }): Promise<void> {
  const db = await deskDB();
  const item = await db?.get("outbox", seq);
  if (!db || !item || item.state !== "conflict" || item.intent !== "walk-in") return;
  // A fresh item: no seq (the store numbers it), no answer yet.
  const { seq: _old, answer: _answer, ...rest } = item;
  const again: OutboxItem = {
    ...rest,
    key: crypto.randomUUID(),
    fields: { ...item.fields, roomId: room.roomId },
    label: { ...item.label, room: room.roomNumber },
    state: "pending",
    queuedAt: Date.now(),
  };
  const tx = db.transaction("outbox", "readwrite");
  await tx.store.delete(seq);
  await tx.store.add(again);
  await tx.done;
  changed();
}

export type ReplayOutcome = "done" | "offline" | "signed_out";

/**
 * Send the account's pending items in the order they were made, one at a
 * time; stop at the first that gets no answer (still offline) or when the
 * session ended (the clerk signs in again; the items wait). One tab at a
 * time replays (a Web Lock); the keys make a second send harmless anyway.
 */
export async function replayOutbox(accountId: string): Promise<ReplayOutcome> {
  const run = async (): Promise<ReplayOutcome> => {
    const db = await deskDB();
    if (!db) return "done";
    const pending = (await db.getAll("outbox")).filter(
      (item) => item.state === "pending" && item.accountId === accountId,
    );
    for (const item of pending) {
      let response: Response;
      try {
        response = await fetch("/desk/outbox", {
          method: "POST",
          headers: { "Content-Type": "application/json", Accept: "application/json" },
          credentials: "same-origin",
          body: JSON.stringify({
            key: item.key,
            propertyId: item.propertyId,
            intent: item.intent,
            fields: item.fields,
          }),
        });
      } catch {
        return "offline";
      }
      if (response.status === 401) return "signed_out";
      if (response.status >= 500 || response.status === 429) return "offline";
      const answer = (await response.json().catch(() => ({}))) as OutboxItem["answer"] & { ok?: boolean };
      await db.put("outbox", {
        ...item,
        state: response.ok ? "sent" : "conflict",
        answer: {
          txid: answer.txid,
          reference: answer.reference,
          problems: answer.problems,
          alternatives: answer.alternatives,
        },
      });
      changed();
    }
    return "done";
  };
  if (typeof navigator !== "undefined" && navigator.locks) {
    return navigator.locks.request("desk-outbox-replay", run);
  }
  return run();
}
