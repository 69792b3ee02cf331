// A named shape (./shapes), live in a React component: the rows the
// loader read first, then the shape's rows through @electric-sql/client as
// soon as it has synced, updating by themselves as Postgres changes.
//
// With `persist`, the rows, the shape's handle and its offset are kept in
// IndexedDB (~/offline/store): a reload with no network shows the last known
// rows, and the stream resumes from that offset when the network returns
// instead of fetching the whole shape again.
//
// The status is honest: the client retries network failures by itself and
// only tells `onError` when it gives up, so "live" also needs the browser to
// be online, the stream connected, and a response heard within the server's
// long-poll time and a margin.
import {
  FetchError,
  ShapeStream,
  isChangeMessage,
  isControlMessage,
  type ExternalParamsRecord,
  type Message,
  type Offset,
  type Row,
} from "@electric-sql/client";
import { useEffect, useRef, useState } from "react";
import { loadShape, saveShape, type StoredShape } from "~/offline/store";
import { useRevalidate } from "~/ui/revalidate";

export type ShapeStatus = "connecting" | "live" | "offline" | "refused";

/** Electric's (and the embedded shape server's) long poll is 20 s; silence beyond this means the line is down. */
const SILENCE_MS = 30_000;

type Options = {
  /** Keep rows, handle and offset in IndexedDB (the front desk). */
  persist?: boolean;
  /** When the loader read `initial` (ms since epoch): newer kept rows are shown first. */
  readAt?: number;
};

export function useShapeRows<T extends Row<unknown>>(
  name: string,
  args: Record<string, string>,
  initial: T[],
  options: Options = {},
): { rows: T[]; status: ShapeStatus; synced: (txid: string | undefined) => boolean } {
  const [rows, setRows] = useState<T[]>(initial);
  const [status, setStatus] = useState<ShapeStatus>("connecting");
  // Transaction ids seen in this shape's log: a write is synced once its txid arrived.
  const seen = useRef(new Set<string>());
  const [, setSeenCount] = useState(0);
  const key = JSON.stringify(args);
  const first = useRef({ initial, options });
  first.current = { initial, options };
  useEffect(() => {
    const { initial: loaderRows, options: opts } = first.current;
    const id = `${name}:${key}`;
    // Another shape (e.g. another window of nights): its loader rows until it syncs.
    setRows(loaderRows);
    setStatus("connecting");
    const controller = new AbortController();
    let stream: ShapeStream<T> | undefined;
    let refused = false;
    let lastHeard = 0;
    let upToDate = false;
    // Whether the stream's rows (rather than the loader's or the kept ones) are on screen yet.
    let drawn = false;

    const current = new Map<string, T>();
    const judge = () => {
      if (controller.signal.aborted) return;
      const online = typeof navigator === "undefined" || navigator.onLine;
      const heard = Date.now() - lastHeard < SILENCE_MS;
      setStatus(
        refused
          ? "refused"
          : online && stream?.isConnected() && heard && upToDate
            ? "live"
            : !online || lastHeard > 0 || stream?.isConnected() === false
              ? "offline"
              : "connecting",
      );
    };

    const apply = (messages: Message<T>[]) => {
      let changed = false;
      let added = 0;
      for (const message of messages) {
        if (isChangeMessage(message)) {
          const { operation } = message.headers;
          if (operation === "delete") current.delete(message.key);
          else current.set(message.key, { ...(current.get(message.key) ?? {}), ...message.value } as T);
          changed = true;
          for (const txid of (message.headers as { txids?: number[] }).txids ?? []) {
            seen.current.add(String(txid));
            added++;
          }
        } else if (isControlMessage(message)) {
          if (message.headers.control === "must-refetch") {
            current.clear();
            upToDate = false;
            changed = true;
          } else if (message.headers.control === "up-to-date") {
            upToDate = true;
          }
        }
      }
      return { changed, added };
    };

    (async () => {
      const kept = opts.persist ? await loadShape(id) : undefined;
      if (controller.signal.aborted) return;
      if (kept) {
        for (const [rowKey, row] of Object.entries(kept.rows)) current.set(rowKey, row as T);
        // Kept rows newer than the loader's (a page drawn before going offline): those first.
        if (kept.savedAt > (opts.readAt ?? 0)) setRows([...current.values()]);
      }
      stream = new ShapeStream<T>({
        url: new URL(`/shapes/${name}`, window.location.origin).toString(),
        // The shape's declared arguments only; the proxy sets table, where and columns.
        params: JSON.parse(key) as ExternalParamsRecord,
        ...(kept ? { handle: kept.handle, offset: kept.offset as Offset } : {}),
        signal: controller.signal,
        onError: (error) => {
          if (controller.signal.aborted) return;
          // Not allowed (signed out, wrong property): stop, and say so.
          if (error instanceof FetchError && error.status >= 400 && error.status < 500 && error.status !== 429) {
            refused = true;
            judge();
            return;
          }
          judge();
          return {};
        },
      });
      judge();
      stream.subscribe((messages) => {
        lastHeard = Date.now();
        const { changed, added } = apply(messages);
        if (upToDate && (changed || !drawn)) {
          setRows([...current.values()]);
          drawn = true;
        }
        if (added) setSeenCount(seen.current.size);
        judge();
        if (opts.persist && upToDate && stream?.shapeHandle) {
          const shape: StoredShape = {
            id,
            handle: stream.shapeHandle,
            offset: stream.lastOffset,
            rows: Object.fromEntries(current) as StoredShape["rows"],
            savedAt: Date.now(),
          };
          void saveShape(shape);
        }
      });
    })();

    // The browser says the network went or came back; and silence is checked every few seconds.
    const onOnline = () => {
      judge();
      // Reconnect now rather than after the client's back-off (up to 32 s).
      void stream?.forceDisconnectAndRefresh().catch(() => undefined);
    };
    window.addEventListener("online", onOnline);
    window.addEventListener("offline", judge);
    const timer = setInterval(judge, 2_000);
    return () => {
      clearInterval(timer);
      window.removeEventListener("online", onOnline);
      window.removeEventListener("offline", judge);
      controller.abort();
    };
  }, [name, key]);
  return { rows, status, synced: (txid) => txid !== undefined && seen.current.has(txid) };
}

/**
 * Reloads the page's data when a shape's rows change from those the loader
 * read (`initial`): for pages that show more than the shape carries, the shape
 * is the signal and the loader stays the one source of what is shown.
 */
export function useRevalidateOnShapeChange<T extends Row<unknown>>(
  name: string,
  args: Record<string, string>,
  initial: T[],
  signature: (row: T) => string,
): ShapeStatus {
  const { rows, status } = useShapeRows(name, args, initial);
  const revalidate = useRevalidate();
  const current = rows.map(signature).sort().join("|");
  const seen = useRef(current);
  useEffect(() => {
    if (current === seen.current) return;
    seen.current = current;
    revalidate();
  }, [current, revalidate]);
  return status;
}
