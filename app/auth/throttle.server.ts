// Rate limits and login throttling, stored in Postgres (rate-limiter-flexible)
// so that they hold across every app instance. Searches are the exception:
// their limit guards this process's CPU, not an account, so it is counted in
// this process's memory, and a search costs no database write (ADR 023).
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  type RateLimiterAbstract,
  type RateLimiterRes,
} from "rate-limiter-flexible";
import { getPool } from "../../db/pool.server";
import { emailIndex } from "~/crypto/envelope.server";

/** Requests allowed per window, by what is being done. */
const LIMITS = {
  // Sign-in attempts by one address at one account, and by one address at
  // all accounts: a hotel's Wi-Fi or a company's NAT is one address for
  // hundreds of people, so the second ceiling is far higher.
  sign_in: { points: 20, duration: 15 * 60 },
  sign_in_address: { points: 600, duration: 15 * 60 },
  sign_up: { points: 10, duration: 60 * 60 },
  password_reset: { points: 5, duration: 60 * 60 },
  manage_booking: { points: 10, duration: 60 * 60 },
  booking: { points: 60, duration: 60 },
  search: { points: 300, duration: 60, inMemory: true },
} as const satisfies Record<string, { points: number; duration: number; inMemory?: true }>;

export type LimitName = keyof typeof LIMITS;

export class RateLimited extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`rate limited; retry after ${retryAfterSeconds}s`);
    this.name = "RateLimited";
  }
}

const KEY = Symbol.for("hotel.rate-limiters");
type Holder = { [KEY]?: Map<string, RateLimiterAbstract> };

function limiter(prefix: string, points: number, duration: number, inMemory = false): RateLimiterAbstract {
  const holder = globalThis as Holder;
  const cache = (holder[KEY] ??= new Map());
  let found = cache.get(prefix);
  if (!found && inMemory) {
    found = new RateLimiterMemory({ keyPrefix: prefix, points, duration });
    cache.set(prefix, found);
  }
  if (!found) {
    found = new RateLimiterPostgres({
      storeClient: getPool(),
      storeType: "pool",
      tableName: "rate_limits",
      tableCreated: true,
      keyPrefix: prefix,
      points,
      duration,
    });
    cache.set(prefix, found);
  }
  return found;
}

/** Limits can be switched off for benchmarks and most tests (HOTEL_RATE_LIMITS=off). */
function enabled(): boolean {
  return process.env.HOTEL_RATE_LIMITS !== "off";
}

function retryAfter(result: RateLimiterRes): number {
  return Math.max(1, Math.ceil(result.msBeforeNext / 1000));
}

/**
 * The key of a limit that concerns an email address: its blind index, never
 * the address itself, so that rate_limits holds no personal data (not even
 * addresses that were only tried).
 */
export function emailKey(email: string): string {
  return `email:${emailIndex(email)}`;
}

/** Counts one request against `name` for `key`; throws RateLimited when over. */
export async function rateLimit(name: LimitName, key: string): Promise<void> {
  if (!enabled()) return;
  const limit: { points: number; duration: number; inMemory?: true } = LIMITS[name];
  try {
    await limiter(name, limit.points, limit.duration, limit.inMemory).consume(key);
  } catch (error) {
    if (error instanceof Error) throw error;
    throw new RateLimited(retryAfter(error as RateLimiterRes));
  }
}

// Login throttling: after a few consecutive failures an account is locked
// for 1, 2, 4, 8 … seconds, up to an hour, until a successful sign-in clears
// it. An address is locked the same way, but only after many failures within
// an hour (one client guessing at many accounts), so that the rest of a
// shared network is not locked out by one person's typos; a success clears
// only the account's count, never the address's.
const THRESHOLD = { account: 5, ip: 100 } as const;
const FAILURE_WINDOW_SECONDS = { account: 24 * 60 * 60, ip: 60 * 60 } as const;
const MAX_LOCK_SECONDS = 60 * 60;

export type LoginKeys = { email: string; ip: string };

function failures(scope: "account" | "ip") {
  return limiter(`login_failures_${scope}`, 1_000_000, FAILURE_WINDOW_SECONDS[scope]);
}
function locks() {
  return limiter("login_lock", 1, MAX_LOCK_SECONDS);
}

function lockKeys(keys: LoginKeys) {
  return [
    { scope: "account" as const, key: `account:${emailKey(keys.email)}` },
    { scope: "ip" as const, key: `ip:${keys.ip}` },
  ];
}

/**
 * Counts one sign-in attempt (per address and account, and per address) and
 * throws RateLimited while the account or the address is locked out.
 */
export async function assertSignInAllowed(keys: LoginKeys): Promise<void> {
  if (!enabled()) return;
  await rateLimit("sign_in_address", keys.ip);
  await rateLimit("sign_in", `${keys.ip}:${emailKey(keys.email)}`);
  for (const { key } of lockKeys(keys)) {
    const state = await locks().get(key);
    if (state && state.consumedPoints > 1) throw new RateLimited(retryAfter(state));
  }
}

export async function recordLoginFailure(keys: LoginKeys): Promise<void> {
  if (!enabled()) return;
  for (const { scope, key } of lockKeys(keys)) {
    const { consumedPoints } = await failures(scope).penalty(key, 1);
    if (consumedPoints >= THRESHOLD[scope]) {
      await locks().block(key, Math.min(MAX_LOCK_SECONDS, 2 ** Math.min(30, consumedPoints - THRESHOLD[scope])));
    }
  }
}

/** After a successful sign-in: the account's count starts again (the address's does not). */
export async function clearAccountFailures(keys: LoginKeys): Promise<void> {
  if (!enabled()) return;
  const { key } = lockKeys(keys)[0];
  await Promise.all([failures("account").delete(key), locks().delete(key)]);
}

/** The client's address: the socket's, unless a trusted proxy is configured. */
export function clientIp(request: Request): string {
  return request.headers.get("x-hotel-client-ip") ?? "unknown";
}
