// A resource route's answer given without running its loader: the launcher's
// front (fixed-routes.server.ts) asks a route module's `keptRead` first, and
// sends what it returns as it is; undefined means "run the loader". The
// loader gives the same answer for the same request, built by the same
// function, so which way it went is invisible to the client (ADR 023).
import { noneMatchHits } from "./etag";

/** Given as it is, and possibly again: never changed by whoever sends it. */
export type KeptAnswer = Readonly<{ status: number; headers: Readonly<Record<string, string>>; body?: Buffer }>;

export type KeptRead = (asked: {
  /** The query string, from its "?" (or empty). */
  search: string;
  ifNoneMatch: string | undefined;
  /** The address rate limits key on, as the rest of the app sees it. */
  clientIp: string;
}) => Promise<KeptAnswer | undefined>;

/** The two answers of each JSON text, made once per text object (a kept search gives the same object each time). */
const tagged = new WeakMap<object, { ok: KeptAnswer; notModified: KeptAnswer }>();

/**
 * A JSON answer with its entity tag, revalidated on every use
 * (Cache-Control: no-cache), or 304 with no body when the client already has it.
 */
export function taggedJson(json: { bytes: Buffer; etag: string }, ifNoneMatch: string | null | undefined): KeptAnswer {
  let answers = tagged.get(json);
  if (!answers) {
    const headers = { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-cache", ETag: json.etag };
    answers = { ok: { status: 200, headers, body: json.bytes }, notModified: { status: 304, headers } };
    tagged.set(json, answers);
  }
  return noneMatchHits(ifNoneMatch ?? null, json.etag) ? answers.notModified : answers.ok;
}
