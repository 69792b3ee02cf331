// React's view of the network and of the outbox: whether the browser is
// online, the outbox's items, and their replay whenever the network is back
// (and every few seconds while something waits).
import { useEffect, useState, useSyncExternalStore } from "react";
import { onOutboxChange, outboxItems, replayOutbox, type OutboxItem, type ReplayOutcome } from "./outbox";

function subscribeOnline(callback: () => void) {
  window.addEventListener("online", callback);
  window.addEventListener("offline", callback);
  return () => {
    window.removeEventListener("online", callback);
    window.removeEventListener("offline", callback);
  };
}

/** The browser's idea of the network; on the server, online. */
export function useOnline(): boolean {
  return useSyncExternalStore(
    subscribeOnline,
    () => navigator.onLine,
    () => true,
  );
}

const RETRY_MS = 10_000;

export function useOutbox(accountId: string): { items: OutboxItem[]; outcome: ReplayOutcome } {
  const online = useOnline();
  const [items, setItems] = useState<OutboxItem[]>([]);
  const [outcome, setOutcome] = useState<ReplayOutcome>("done");
  useEffect(() => {
    let live = true;
    const refresh = () => void outboxItems().then((all) => live && setItems(all));
    refresh();
    const stop = onOutboxChange(refresh);
    return () => {
      live = false;
      stop();
    };
  }, []);
  const waiting = items.some((item) => item.state === "pending" && item.accountId === accountId);
  useEffect(() => {
    if (!online || !waiting) return;
    let live = true;
    const send = () => void replayOutbox(accountId).then((result) => live && setOutcome(result));
    send();
    const timer = setInterval(send, RETRY_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [online, waiting, accountId]);
  return { items, outcome: waiting ? outcome : "done" };
}
