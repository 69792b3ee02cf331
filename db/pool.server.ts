// The process's Postgres pools (the main one, and one for single-statement
// serializable decisions) and the transaction helpers. The pools live on
// globalThis so that the Remix build and the launcher, which bundle this
// module separately, still share them.
import pg from "pg";

export type Db = pg.Pool;
export type Tx = pg.PoolClient;

// Dates stay 'YYYY-MM-DD' strings: a stay's dates are calendar dates in the
// property's time zone, never instants, so they must not pass through Date.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
// bigint money columns fit comfortably in a JS number (< 2^53 minor units).
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

const URL_KEY = Symbol.for("hotel.pg.url");
type UrlHolder = { [URL_KEY]?: string };

/**
 * The app's connection URL, given by the launcher rather than through the
 * environment (which every child process would inherit). Tests and tools
 * that set DATABASE_URL need not call this.
 */
export function configureDatabase(url: string): void {
  (globalThis as UrlHolder)[URL_KEY] = url;
}

const POOLS_KEY = Symbol.for("hotel.pg.pools");
type PoolsHolder = { [POOLS_KEY]?: Map<string, pg.Pool> };

/** The process's pool of this name, made on first use with these settings. */
function sharedPool(name: string, settings: Pick<pg.PoolConfig, "max" | "application_name" | "options">): pg.Pool {
  const holder = globalThis as PoolsHolder;
  const pools = (holder[POOLS_KEY] ??= new Map<string, pg.Pool>());
  let pool = pools.get(name);
  if (!pool) {
    const connectionString = (globalThis as UrlHolder)[URL_KEY] ?? process.env.DATABASE_URL;
    if (!connectionString) throw new Error("DATABASE_URL is not set: start the system with `npm start`.");
    pool = keepingConnections(new pg.Pool({ connectionString, idleTimeoutMillis: 30_000, ...settings }));
    // An idle client losing its connection (e.g. Postgres restarting) must not crash the process.
    pool.on("error", (error) => {
      // 57P01: the server is shutting down (Ctrl-C reaches Postgres too); expected, not news.
      if (!isPgError(error, "57P01")) console.error("postgres pool error:", error.message);
    });
    pools.set(name, pool);
  }
  return pool;
}

/**
 * The pool, with a query() that gives the connection back after an error the
 * server answered (a refusal, a constraint, a serialization failure) instead
 * of closing it: pg's Pool.query closes the connection on any error, so each
 * refused booking or taken e-mail address cost a new connection and its
 * SCRAM handshake. A connection the error itself broke (its own failure, a
 * FATAL error, the server shutting down) is closed as before.
 */
function keepingConnections(pool: pg.Pool): pg.Pool {
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  pool.query = ((config: unknown, values?: unknown, callback?: unknown) => {
    if (typeof values === "function" || typeof callback === "function") return query(config, values, callback);
    return (async () => {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        return await client.query(config as pg.QueryConfig, values as unknown[] | undefined);
      } catch (error) {
        if (breaksConnection(error)) broken = error instanceof Error ? error : new Error(String(error));
        throw error;
      } finally {
        client.release(broken);
      }
    })();
  }) as typeof pool.query;
  return pool;
}

function breaksConnection(error: unknown): boolean {
  if (!(error instanceof pg.DatabaseError)) return true;
  // Connection exceptions (08) and operator intervention (57: shutdown, cancel, termination).
  return error.severity === "FATAL" || error.severity === "PANIC" || /^(08|57)/.test(error.code ?? "");
}

export function getPool(): pg.Pool {
  return sharedPool("main", { max: Number(process.env.HOTEL_DB_POOL_SIZE ?? 16), application_name: "hotel-booking" });
}

/**
 * A second pool whose connections run every statement as its own
 * SERIALIZABLE transaction: a decision made by one SQL function (a booking)
 * is then one round trip, with no BEGIN or COMMIT of its own.
 */
function getDecisionPool(): pg.Pool {
  return sharedPool("decisions", {
    max: Number(process.env.HOTEL_DB_DECISION_POOL_SIZE ?? 16),
    application_name: "hotel-booking-decisions",
    options: "-c default_transaction_isolation=serializable",
  });
}

export async function closePool(): Promise<void> {
  const holder = globalThis as PoolsHolder;
  const pools = [...(holder[POOLS_KEY]?.values() ?? [])];
  holder[POOLS_KEY] = undefined;
  await Promise.all(pools.map((pool) => pool.end()));
}

/**
 * Who is acting, recorded by the audit trail on every change. The database
 * believes an account only with its live session's token (hotel_act_as,
 * migration 009); a process acts under a "system:" name.
 */
export type Actor = {
  /** e.g. "account:abc", "system:hold-sweeper" */
  id: string;
  channel: "online" | "front_desk" | "ota" | "system";
  /** The raw token of the account's session (cookie or bearer), for account actors. */
  sessionToken?: string;
};

const RETRYABLE = new Set([
  "40001", // serialization_failure
  "40P01", // deadlock_detected
]);

export function isPgError(error: unknown, code?: string): error is pg.DatabaseError {
  return error instanceof Error && "code" in error && (code === undefined || (error as pg.DatabaseError).code === code);
}

export type TxOptions = {
  actor: Actor;
  /** Bounded retries on serialization failures and deadlocks. */
  maxAttempts?: number;
  /** Extra SQLSTATEs that mean "retry with a fresh snapshot" for this transaction. */
  retryOn?: string[];
  readOnly?: boolean;
  /** Names the kind of work in the transaction statistics (/metrics). */
  label?: string;
};

/**
 * Runs `fn` in a SERIALIZABLE transaction, retrying a bounded number of
 * times with jittered back-off when Postgres reports 40001/40P01 (and any
 * `retryOn` codes). `fn` must be safe to run again: all its effects are in
 * the transaction.
 */
export async function withSerializableTx<T>(options: TxOptions, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 30;
  const retryable = new Set([...RETRYABLE, ...(options.retryOn ?? [])]);
  const stats = statsOf(options.label ?? "transaction");
  for (let attempt = 1; ; attempt++) {
    stats.attempts++;
    const client = await getPool().connect();
    let broken = false;
    try {
      // A sequential scan takes a predicate lock on the whole table, which
      // makes every concurrent booking a serialization conflict; the
      // PostgreSQL manual advises steering serializable work to index scans.
      // One round trip: the values are checked against strict patterns, not escaped.
      await client.query(
        `BEGIN ISOLATION LEVEL SERIALIZABLE${options.readOnly ? " READ ONLY" : ""};
         SELECT hotel_act_as(${actorArguments(options.actor)}), set_config('enable_seqscan', 'off', true)`,
      );
      const result = await fn(client);
      await client.query("COMMIT");
      stats.decided++;
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {
        broken = true;
      });
      if (attempt < maxAttempts && isPgError(error) && retryable.has(error.code ?? "")) {
        stats.retries++;
        const backoff = Math.min(200, 2 ** attempt) * (0.5 + Math.random());
        await new Promise((resolve) => setTimeout(resolve, backoff));
        continue;
      }
      throw error;
    } finally {
      client.release(broken);
    }
  }
}

/** How often each kind of serializable work ran and was retried, for /metrics and the benchmark. */
export type TransactionStats = { attempts: number; retries: number; decided: number };
const STATS_KEY = Symbol.for("hotel.pg.stats");
type StatsHolder = { [STATS_KEY]?: Map<string, TransactionStats> };

export function transactionStats(): Map<string, TransactionStats> {
  const holder = globalThis as StatsHolder;
  holder[STATS_KEY] ??= new Map();
  return holder[STATS_KEY];
}

function statsOf(label: string): TransactionStats {
  const stats = transactionStats();
  let entry = stats.get(label);
  if (!entry) stats.set(label, (entry = { attempts: 0, retries: 0, decided: 0 }));
  return entry;
}

/**
 * One statement (a decision made by a SQL function) as its own SERIALIZABLE
 * transaction: one round trip, retried a bounded number of times with
 * jittered back-off on 40001/40P01. The statement must be safe to run again.
 * `label` names the kind of work in the transaction statistics.
 */
export async function decideSerializable<R extends pg.QueryResultRow>(
  label: string,
  sql: string,
  params: unknown[],
  maxAttempts = 30,
): Promise<pg.QueryResult<R>> {
  const stats = statsOf(label);
  for (let attempt = 1; ; attempt++) {
    stats.attempts++;
    try {
      const result = await getDecisionPool().query<R>(sql, params);
      stats.decided++;
      return result;
    } catch (error) {
      if (attempt < maxAttempts && isPgError(error) && RETRYABLE.has(error.code ?? "")) {
        stats.retries++;
        const backoff = Math.min(200, 2 ** attempt) * (0.5 + Math.random());
        await new Promise((resolve) => setTimeout(resolve, backoff));
        continue;
      }
      // A refusal is a decision too.
      if (isPgError(error, "P0001")) stats.decided++;
      throw error;
    }
  }
}

/** hotel_act_as's arguments as bind parameters: [token, name, channel]. */
export function actorParams(actor: Actor): [string | null, string | null, string] {
  return actor.sessionToken !== undefined ? [actor.sessionToken, null, actor.channel] : [null, actor.id, actor.channel];
}

const CHANNELS = new Set<string>(["online", "front_desk", "ota", "system"]);

/** hotel_act_as's arguments as SQL literals: (token, name, channel). */
function actorArguments(actor: Actor): string {
  if (!CHANNELS.has(actor.channel)) throw new Error(`unknown channel: ${actor.channel}`);
  if (actor.sessionToken !== undefined) {
    if (!/^[\w-]{20,100}$/.test(actor.sessionToken)) throw new Error("malformed session token");
    return `'${actor.sessionToken}', NULL, '${actor.channel}'`;
  }
  if (!/^system:[a-z0-9-]{1,60}$/.test(actor.id)) {
    throw new Error(`an actor without a session must be a system: name, not ${actor.id}`);
  }
  return `NULL, '${actor.id}', '${actor.channel}'`;
}
