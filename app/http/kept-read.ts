// A resource route's answer given without running its loader: the launcher's
// front (fixed-routes.server.ts) asks a route module's `keptRead` first, and
// sends what it returns as it is; undefined means "run the loader". The
// loader gives the same answer for the same request, built by the same
// function, so which way it went is invisible to the client (ADR 023).
import { noneMatchHits } from "./etag";

export type KeptAnswer = { status: number; headers: Record<string, string>; body?: Buffer };

export type KeptRead = (asked: {
  /** The query string, from its "?" (or empty). */
  search: string;
  ifNoneMatch: string | undefined;
  /** The address rate limits key on, as the rest of the app sees it. */
  clientIp: string;
}) => Promise<KeptAnswer | undefined>;

/**
 * A JSON answer with its entity tag, revalidated on every use
 * (Cache-Control: no-cache), or 304 with no body when the client already has it.
 */
export function taggedJson(json: { bytes: Buffer; etag: string }, ifNoneMatch: string | null | undefined): KeptAnswer {
  const headers = { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-cache", ETag: json.etag };
  if (noneMatchHits(ifNoneMatch ?? null, json.etag)) return { status: 304, headers };
  return { status: 200, headers, body: json.bytes };
}
