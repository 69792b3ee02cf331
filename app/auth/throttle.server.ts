// Rate limits and login throttling, stored in Postgres (rate-limiter-flexible)
// so that they hold across every app instance.
import { RateLimiterPostgres, type RateLimiterRes } from "rate-limiter-flexible";
import { getPool } from "../../db/pool.server";

/** Requests allowed per window, by what is being done. */
const LIMITS = {
  sign_in: { points: 30, duration: 15 * 60 },
  sign_up: { points: 10, duration: 60 * 60 },
  password_reset: { points: 5, duration: 60 * 60 },
  manage_booking: { points: 10, duration: 60 * 60 },
  booking: { points: 60, duration: 60 },
  search: { points: 300, duration: 60 },
} as const;

export type LimitName = keyof typeof LIMITS;

export class RateLimited extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`rate limited; retry after ${retryAfterSeconds}s`);
    this.name = "RateLimited";
  }
}

const KEY = Symbol.for("hotel.rate-limiters");
type Holder = { [KEY]?: Map<string, RateLimiterPostgres> };

function limiter(prefix: string, points: number, duration: number): RateLimiterPostgres {
  const holder = globalThis as Holder;
  const cache = (holder[KEY] ??= new Map());
  let found = cache.get(prefix);
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

/** Counts one request against `name` for `key`; throws RateLimited when over. */
export async function rateLimit(name: LimitName, key: string): Promise<void> {
  if (!enabled()) return;
  const { points, duration } = LIMITS[name];
  try {
    await limiter(name, points, duration).consume(key);
  } catch (error) {
    if (error instanceof Error) throw error;
    throw new RateLimited(retryAfter(error as RateLimiterRes));
  }
}

// Login throttling: after a few consecutive failures an account (or an IP
// address) is locked for 1, 2, 4, 8 … seconds, up to an hour, until a
// successful sign-in clears it.
const THRESHOLD = { account: 5, ip: 20 } as const;
const MAX_LOCK_SECONDS = 60 * 60;

export type LoginKeys = { account: string; ip: string };

function failures() {
  return limiter("login_failures", 1_000_000, 24 * 60 * 60);
}
function locks() {
  return limiter("login_lock", 1, MAX_LOCK_SECONDS);
}

function lockKeys(keys: LoginKeys) {
  return [
    { key: `account:${keys.account.toLowerCase()}`, threshold: THRESHOLD.account },
    { key: `ip:${keys.ip}`, threshold: THRESHOLD.ip },
  ];
}

/** Throws RateLimited while the account or the address is locked out. */
export async function assertNotLockedOut(keys: LoginKeys): Promise<void> {
  if (!enabled()) return;
  for (const { key } of lockKeys(keys)) {
    const state = await locks().get(key);
    if (state && state.consumedPoints > 1) throw new RateLimited(retryAfter(state));
  }
}

export async function recordLoginFailure(keys: LoginKeys): Promise<void> {
  if (!enabled()) return;
  for (const { key, threshold } of lockKeys(keys)) {
    const { consumedPoints } = await failures().penalty(key, 1);
    if (consumedPoints >= threshold) {
      await locks().block(key, Math.min(MAX_LOCK_SECONDS, 2 ** (consumedPoints - threshold)));
    }
  }
}

export async function clearLoginFailures(keys: LoginKeys): Promise<void> {
  if (!enabled()) return;
  await Promise.all(lockKeys(keys).flatMap(({ key }) => [failures().delete(key), locks().delete(key)]));
}

/** The client's address: the socket's, unless a trusted proxy is configured. */
export function clientIp(request: Request): string {
  return request.headers.get("x-hotel-client-ip") ?? "unknown";
}
