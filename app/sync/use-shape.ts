// A named shape (./shapes), live in a React component: the rows the
// loader read first, then the shape's rows through @electric-sql/client as
// soon as it has synced, updating by themselves as Postgres changes.
import { FetchError, Shape, ShapeStream, type ExternalParamsRecord, type Row } from "@electric-sql/client";
import { useEffect, useRef, useState } from "react";
import { useRevalidate } from "~/ui/revalidate";

export type ShapeStatus = "connecting" | "live" | "offline" | "refused";

export function useShapeRows<T extends Row<unknown>>(
  name: string,
  args: Record<string, string>,
  initial: T[],
): { rows: T[]; status: ShapeStatus; synced: (txid: string | undefined) => boolean } {
  const [state, setState] = useState<{ rows: T[]; status: ShapeStatus }>({ rows: initial, status: "connecting" });
  // Transaction ids seen in this shape's log: a write is synced once its txid arrived.
  const seen = useRef(new Set<string>());
  const [, setSeenCount] = useState(0);
  const key = JSON.stringify(args);
  const first = useRef(initial);
  first.current = initial;
  useEffect(() => {
    // Another shape (e.g. another window of nights): its loader rows until it syncs.
    setState({ rows: first.current, status: "connecting" });
    const controller = new AbortController();
    const stream = new ShapeStream<T>({
      url: new URL(`/shapes/${name}`, window.location.origin).toString(),
      // The shape's declared arguments only; the proxy sets table, where and columns.
      params: JSON.parse(key) as ExternalParamsRecord,
      signal: controller.signal,
      onError: (error) => {
        if (controller.signal.aborted) return;
        // Not allowed (signed out, wrong property): stop, and say so.
        if (error instanceof FetchError && error.status >= 400 && error.status < 500 && error.status !== 429) {
          setState((previous) => ({ ...previous, status: "refused" }));
          return;
        }
        setState((previous) => ({ ...previous, status: "offline" }));
        return {};
      },
    });
    const shape = new Shape(stream);
    const unsubscribe = shape.subscribe(({ rows }) => setState({ rows: rows as T[], status: "live" }));
    const unsubscribeTxids = stream.subscribe((messages) => {
      let added = 0;
      for (const message of messages) {
        for (const txid of (message.headers as { txids?: number[] }).txids ?? []) {
          seen.current.add(String(txid));
          added++;
        }
      }
      if (added) setSeenCount(seen.current.size);
    });
    return () => {
      unsubscribeTxids();
      unsubscribe();
      controller.abort();
    };
  }, [name, key]);
  return { ...state, synced: (txid) => txid !== undefined && seen.current.has(txid) };
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
