// Reading API requests safely: bounded JSON bodies, bearer tokens and
// idempotency keys. Each failure throws a problem response.
import { createHash } from "node:crypto";
import { can, type Action } from "~/auth/permissions";
import { authenticate, type Account, type Auth } from "~/auth/session.server";
import { hasNul } from "~/http/nul";
import { wholeRequestBodyOf } from "~/http/whole-body";
import { problem } from "./problem.server";

export const MAX_BODY_BYTES = 16 * 1024;

/** The body as text, refused with 413 past `maxBytes`: the bytes read already when the launcher did, else its stream. */
async function bodyText(request: Request, maxBytes: number): Promise<string> {
  const whole = wholeRequestBodyOf(request);
  if (whole) {
    if (whole.byteLength > maxBytes) throw tooLarge(maxBytes);
    return whole.toString("utf8");
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => {});
        throw tooLarge(maxBytes);
      }
      chunks.push(value);
    }
  }
  return Buffer.concat(chunks).toString("utf8");
}

export async function readJsonBody(request: Request, maxBytes = MAX_BODY_BYTES): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw problem({ status: 415, code: "unsupported_media_type" });
  }
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const text = await bodyText(request, maxBytes);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw problem({ status: 400, code: "malformed_json" });
  }
  if (hasNul(body)) {
    throw problem({
      status: 400,
      code: "invalid_characters",
    });
  }
  return body;
}

function tooLarge(maxBytes: number): Response {
  return problem({
    status: 413,
    code: "body_too_large",
    values: { max: maxBytes },
  });
}

/** The signed-in account's session (a bearer token or the cookie); 401 or 403 otherwise. */
export async function requireApiAuth(request: Request): Promise<Auth> {
  const auth = await authenticate(request);
  if (!auth) {
    throw problem({
      status: 401,
      code: "unauthenticated",
      headers: { "WWW-Authenticate": 'Bearer realm="hotel-booking"' },
    });
  }
  if (auth.stage === "change_password") {
    throw problem({ status: 403, code: "password_change_required" });
  }
  if (auth.stage !== "full") {
    throw problem({
      status: 403,
      code: "totp_enrolment_required",
    });
  }
  return auth;
}

/**
 * How long a session, once checked, is believed for further requests carrying
 * the same credentials: live screens all ask again at once after a change,
 * and a booking client sends request after request. A session signed out or
 * expired, an account disabled, or a role or property scope changed is
 * therefore seen at most this long later by routes that believe (shapes,
 * bookings). A booking is safe either way: its statement checks the session
 * itself (hotel_act_as) and refuses a dead one.
 */
export const SESSION_BELIEVED_MS = 1_000;

export type Believed<T> = { until: number; value: Promise<T | undefined> };
const sessions = new Map<string, Believed<Auth>>();

/**
 * The request's session as requireApiAuth finds it, checked at most
 * SESSION_BELIEVED_MS ago for the same credentials (requests at once share
 * one check). Only a session that passed is believed; a refusal is worked out
 * again for each request.
 */
export async function requireBelievedApiAuth(request: Request): Promise<Auth> {
  const authorization = request.headers.get("authorization") ?? "";
  const cookie = request.headers.get("cookie") ?? "";
  if (!authorization && !cookie) return requireApiAuth(request);
  const key = createHash("sha256").update(authorization).update("\n").update(cookie).digest("base64url");
  const auth = await believe(sessions, key, () => requireApiAuth(request).catch(() => undefined));
  return auth ?? requireApiAuth(request);
}

/** `check()`'s answer for `key`, worked out at most SESSION_BELIEVED_MS ago; an undefined answer is not kept. */
export function believe<T>(held: Map<string, Believed<T>>, key: string, check: () => Promise<T | undefined>) {
  const now = Date.now();
  const found = held.get(key);
  if (found && found.until > now) return found.value;
  if (held.size >= 1_000) for (const [old, { until }] of held) if (until <= now) held.delete(old);
  const entry: Believed<T> = { until: now + SESSION_BELIEVED_MS, value: check() };
  held.set(key, entry);
  const forget = () => {
    if (held.get(key) === entry) held.delete(key);
  };
  entry.value.then((value) => value === undefined && forget(), forget);
  return entry.value;
}

export async function requireAccount(request: Request): Promise<Account> {
  return (await requireApiAuth(request)).account;
}

/** The signed-in session, if its role may do `action`; 401 or 403 otherwise. */
export async function requireApiPermission(request: Request, action: Action): Promise<Auth> {
  return requireRole(await requireApiAuth(request), action);
}

/** A session already checked, if its role may do `action`; 403 otherwise. */
export function requireRole(auth: Auth, action: Action): Auth {
  if (!can(auth.account.role, action)) {
    throw problem({ status: 403, code: "forbidden", action });
  }
  return auth;
}

/** The signed-in account, if its role may do `action`; 401 or 403 otherwise. */
export async function requirePermission(request: Request, action: Action): Promise<Account> {
  return (await requireApiPermission(request, action)).account;
}

export function requireIdempotencyKey(request: Request): string {
  const key = request.headers.get("idempotency-key");
  if (!key) {
    throw problem({
      status: 400,
      code: "idempotency_key_required",
    });
  }
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw problem({
      status: 400,
      code: "idempotency_key_invalid",
    });
  }
  return key;
}

/** A stable hash of a parsed request, so a reused key with another body is caught. */
export function requestHash(value: unknown): string {
  return createHash("sha256").update(canonicalJson(value)).digest("hex");
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
