// Small, explicit fixtures for integration tests: a property with exactly
// the rooms a test needs, and accounts to act as.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { Secret, TOTP } from "otpauth";
import { insertAccount } from "../app/auth/identity.server";
import { hashPassword } from "../app/auth/password.server";
import type { Role } from "../app/auth/session.server";
import { newTotpSecret, sealTotpSecret } from "../app/auth/totp.server";
import { addDays, todayIn } from "../app/booking/dates";
import type { Actor } from "../db/pool.server";
import { getPool } from "../db/pool.server";

export type Fixture = {
  /** Book-input for `nights` from `from` days ahead in a room type of this hotel. */
  stay: (code: string, from: number, to: number) => StayInput;
  propertyId: string;
  timeZone: string;
  ratePlanId: string;
  roomTypes: Record<string, { id: string; roomIds: string[]; baseRate: number }>;
  /** A date `days` from today in the property's time zone. */
  day: (days: number) => string;
};

export type StayInput = {
  propertyId: string;
  roomTypeId: string;
  checkIn: string;
  checkOut: string;
  adults: number;
  channel: "online";
};

export type RoomTypeSpec = { rooms: number; capacity?: number; baseRate?: number; accessible?: string[][] };

let counter = 0;

export async function createProperty(
  types: Record<string, RoomTypeSpec>,
  options: { timeZone?: string; holdMinutes?: number } = {},
): Promise<Fixture> {
  const pool = getPool();
  const timeZone = options.timeZone ?? "Europe/Lisbon";
  const slug = `test-${process.pid}-${++counter}-${randomUUID().slice(0, 8)}`;
  const {
    rows: [property],
  } = await pool.query<{ id: string }>(
    `INSERT INTO properties (slug, name, time_zone, currency, hold_minutes) VALUES ($1, $2, $3, 'EUR', $4) RETURNING id`,
    [slug, `Test hotel ${counter}`, timeZone, options.holdMinutes ?? 10],
  );
  const {
    rows: [plan],
  } = await pool.query<{ id: string }>(
    `INSERT INTO rate_plans (property_id, code, name, is_default) VALUES ($1, 'FLEX', 'Flexible', true) RETURNING id`,
    [property.id],
  );
  const roomTypes: Fixture["roomTypes"] = {};
  let roomNo = 100;
  for (const [code, spec] of Object.entries(types)) {
    const baseRate = spec.baseRate ?? 10000;
    const {
      rows: [type],
    } = await pool.query<{ id: string }>(
      `INSERT INTO room_types (property_id, code, name, capacity, base_rate) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [property.id, code, `${code} room`, spec.capacity ?? 2, baseRate],
    );
    const roomIds: string[] = [];
    for (let i = 0; i < spec.rooms; i++) {
      const {
        rows: [room],
      } = await pool.query<{ id: string }>(
        `INSERT INTO rooms (property_id, room_type_id, number, floor, accessibility) VALUES ($1, $2, $3, 1, $4) RETURNING id`,
        [property.id, type.id, String(++roomNo), spec.accessible?.[i] ?? []],
      );
      roomIds.push(room.id);
    }
    roomTypes[code] = { id: type.id, roomIds, baseRate };
  }
  const day = (days: number) => addDays(todayIn(timeZone), days);
  return {
    stay: (code, from, to) => ({
      propertyId: property.id,
      roomTypeId: roomTypes[code].id,
      checkIn: day(from),
      checkOut: day(to),
      adults: 1,
      channel: "online",
    }),
    propertyId: property.id,
    timeZone,
    ratePlanId: plan.id,
    roomTypes,
    day,
  };
}

export async function createAccount(
  role: string,
  options: { propertyIds?: string[]; password?: string; enrolTotp?: boolean } = {},
) {
  const id = `test-${randomUUID()}`;
  const email = `${id}@example.test`;
  const password = options.password ?? "correct horse battery staple";
  // Staff come enrolled in TOTP unless a test wants to see enrolment.
  const totpSecret = role !== "guest" && options.enrolTotp !== false ? newTotpSecret() : undefined;
  await insertAccount(getPool(), {
    id,
    email,
    displayName: `Test ${role}`,
    passwordHash: await hashPassword(password),
    role: role as Role,
    totpSecretEnc: totpSecret ? sealTotpSecret(id, totpSecret) : null,
  });
  for (const propertyId of options.propertyIds ?? []) {
    await getPool().query(`INSERT INTO account_properties (account_id, property_id) VALUES ($1, $2)`, [id, propertyId]);
  }
  return { id, email, password, totpSecret };
}

const lastStep = new Map<string, number>();

/**
 * A one-time code for a TOTP secret that this test run has not used yet, as
 * an authenticator app shows it: codes are good once, so a second sign-in in
 * the same 30 s takes the next step's code (the server allows one step of
 * clock drift), and a third waits for the clock.
 */
export async function totpNow(secret: string): Promise<string> {
  const generator = new TOTP({ algorithm: "SHA1", digits: 6, period: 30, secret: Secret.fromBase32(secret) });
  const step = Math.max(generator.counter(), (lastStep.get(secret) ?? -1) + 1);
  while (generator.counter() < step - 1) await new Promise((resolve) => setTimeout(resolve, 250));
  lastStep.set(secret, step);
  return generator.generate({ timestamp: step * 30_000 });
}

// Engine tests act under system names: the database believes an account only with its session (hotel_act_as).
export const guestActor: Actor = { id: "system:test-guest", channel: "online" };
export const deskActor: Actor = { id: "system:test-desk", channel: "front_desk" };

/** An account's actor with a live session behind it, as a signed-in request has (hotel_act_as believes only that). */
export async function sessionActor(accountId: string, channel: Actor["channel"]): Promise<Actor> {
  const token = randomBytes(32).toString("base64url");
  await getPool().query(
    `INSERT INTO sessions (id, user_id, expires_at, stage, kind) VALUES ($1, $2, now() + interval '1 hour', 'full', 'api')`,
    [createHash("sha256").update(token).digest("hex"), accountId],
  );
  return { id: `account:${accountId}`, channel, sessionToken: token };
}

/** Pairs of active reservations of one room that share a night: must always be empty. */
export async function overlappingReservations(propertyId: string): Promise<number> {
  const { rows } = await getPool().query<{ n: number }>(
    `SELECT count(*)::int AS n FROM reservations a JOIN reservations b
       ON a.room_id = b.room_id AND a.id < b.id AND a.stay && b.stay
      WHERE a.property_id = $1
        AND a.status IN ('held', 'confirmed', 'checked_in') AND b.status IN ('held', 'confirmed', 'checked_in')`,
    [propertyId],
  );
  return rows[0].n;
}

/** Settle every promise and sort the outcomes into results and error codes. */
export async function settle<T>(promises: Promise<T>[]) {
  const outcomes = await Promise.allSettled(promises);
  const ok = outcomes
    .filter((o): o is PromiseFulfilledResult<Awaited<T>> => o.status === "fulfilled")
    .map((o) => o.value);
  const errors = outcomes
    .filter((o): o is PromiseRejectedResult => o.status === "rejected")
    .map((o) => (o.reason as { code?: string }).code ?? String(o.reason));
  return { ok, errors };
}

export type ApiResponse = { status: number; headers: Headers; json: any; text: string };
export type ApiCall = (
  method: string,
  url: string,
  options?: { token?: string; body?: unknown; rawBody?: string; form?: FormData; headers?: Record<string, string> },
) => Promise<ApiResponse>;

/** Requests through the built Remix app's own handler, as a client sends them. */
export async function apiClient(): Promise<ApiCall> {
  const build = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;
  const handle = createRequestHandler(build, "production");
  return async (method, url, options = {}) => {
    const headers: Record<string, string> = { "x-hotel-client-ip": "127.0.0.1", ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    // A form is sent as multipart/form-data, its boundary set by the Request.
    let body: string | FormData | undefined = options.form ?? options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers["content-type"] ??= "application/json";
    }
    const response = await handle(new Request(`http://hotel.test${url}`, { method, headers, body }));
    const text = await response.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, json, text };
  };
}

/** A fetch that reaches the built Remix app's handler in-process (for clients that take a fetch, like ShapeStream). */
export async function appFetch(): Promise<typeof fetch> {
  const build = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;
  const handle = createRequestHandler(build, "production");
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    request.headers.set("x-hotel-client-ip", "127.0.0.1");
    return handle(request);
  }) as typeof fetch;
}

type TestAccount = Awaited<ReturnType<typeof createAccount>>;

/** What the account types at sign-in: email, password, and the current code for staff. */
export async function credentials(account: TestAccount): Promise<Record<string, string>> {
  return {
    email: account.email,
    password: account.password,
    ...(account.totpSecret ? { totp: await totpNow(account.totpSecret) } : {}),
  };
}

/** A bearer token for the account, from POST /api/v1/sessions. */
export async function apiToken(call: ApiCall, account: TestAccount): Promise<string> {
  const response = await call("POST", "/api/v1/sessions", { body: await credentials(account) });
  if (response.status !== 201) throw new Error(`sign-in failed: ${response.status} ${response.text}`);
  return response.json.token;
}

/** A session cookie for the account, from the web sign-in form. */
export async function webCookie(call: ApiCall, account: TestAccount): Promise<string> {
  const response = await call("POST", "/sign-in", {
    rawBody: new URLSearchParams(await credentials(account)).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });
  const cookie = /hotel_session=[^;]+/.exec(response.headers.get("set-cookie") ?? "");
  if (!cookie) throw new Error(`web sign-in failed: ${response.status}`);
  return cookie[0];
}

/**
 * Accounts for a test, by name: each created with its role and properties
 * and signed in to the API. Answers their ids and bearer tokens by name.
 */
export async function apiAccounts(
  call: ApiCall,
  specs: Record<string, { role: string; propertyIds?: string[] }>,
): Promise<{ ids: Record<string, string>; tokens: Record<string, string> }> {
  const ids: Record<string, string> = {};
  const tokens: Record<string, string> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const account = await createAccount(spec.role, { propertyIds: spec.propertyIds ?? [] });
    ids[name] = account.id;
    tokens[name] = await apiToken(call, account);
  }
  return { ids, tokens };
}

/** Requests as one of `tokens`' accounts (the manager unless named), each with a fresh Idempotency-Key. */
export function sender(call: ApiCall, tokens: () => Record<string, string>, prefix: string) {
  return (method: string, url: string, body?: unknown, who = "manager") =>
    call(method, url, {
      token: tokens()[who],
      body,
      headers: { "idempotency-key": `${prefix}-${Date.now()}-${++senderCounter}` },
    });
}
let senderCounter = 0;
