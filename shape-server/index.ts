// The embedded shape server: Electric's HTTP shape protocol (the part this
// app uses) over Postgres logical replication, for one machine without the
// Electric service. `GET /v1/shape` and `GET /v1/health`; see
// docs/decisions/011-embedded-shape-server.md for what it does and does not do.
import { timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import {
  BEFORE_ALL,
  compareOffsets,
  EXPOSED_HEADERS,
  formatOffset,
  MUST_REFETCH,
  parseOffset,
  upToDate,
  type Offset,
} from "./protocol";
import { ReplicationStream, VALUE_FORMAT_OPTIONS } from "./replication";
import { quoteIdent, ShapeError, ShapeRegistry, type Shape, type ShapeDefinition } from "./shapes";

export type ShapeServerOptions = {
  databaseUrl: string;
  host?: string;
  port?: number;
  /** When set, every request must carry it as `secret` (Electric's ELECTRIC_SECRET). */
  secret?: string;
  /** How long a live request waits for changes before answering up-to-date. */
  longPollMs?: number;
  publication?: string;
  log?: (line: string) => void;
};

export type FollowedBatch = {
  messages: Record<string, unknown>[];
  schema: Record<string, { type: string; dims?: number }>;
};

/** A shape request's answer: what the HTTP server sends, or what an in-process caller gets. */
export type ShapeAnswer = { status: number; headers: Record<string, string>; body: Buffer };

export type ShapeServer = {
  url: string;
  port: number;
  /**
   * `GET /v1/shape?<query>` answered in this process, without HTTP: for the
   * app's proxy when the server is embedded. The caller is the app itself, so
   * no secret is asked. A long poll ends early when `signal` aborts.
   */
  serve: (query: URLSearchParams, signal: AbortSignal) => Promise<ShapeAnswer>;
  /**
   * A shape followed in this process, without a request per change: the
   * snapshot, then every change as it is applied, each batch ending in
   * up-to-date, and must-refetch before it starts over (the messages and
   * their order are those of the HTTP protocol; values are text, typed by
   * `schema`, Electric's `electric-schema`). `query` is a shape request's,
   * without offset, handle or live. Until `signal` aborts.
   */
  follow: (query: URLSearchParams, deliver: (batch: FollowedBatch) => void, signal: AbortSignal) => void;
  /** Shapes currently held, and the replication slot in use (for tests and the benchmark). */
  stats: () => { shapes: number; slot: string; streaming: boolean };
  close: () => Promise<void>;
};

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]{0,62}$/;
const SUPPORTED = "the embedded shape server does not support";

export async function startShapeServer(options: ShapeServerOptions): Promise<ShapeServer> {
  const log = options.log ?? (() => {});
  const publication = options.publication ?? "hotel_shapes";
  const longPollMs = options.longPollMs ?? 20_000;
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: 4,
    application_name: "hotel-shapes",
    // Shape queries only read; the where clause never gets to write anything.
    options: `${VALUE_FORMAT_OPTIONS} -c default_transaction_read_only=on -c statement_timeout=15000`,
  });
  pool.on("error", () => {});
  const admin = new pg.Pool({ connectionString: options.databaseUrl, max: 1, application_name: "hotel-shapes-admin" });
  admin.on("error", () => {});

  try {
    const { rows } = await admin.query<{ wal_level: string }>("SHOW wal_level");
    if (rows[0].wal_level !== "logical")
      throw new Error(`PostgreSQL runs with wal_level=${rows[0].wal_level}; live shapes need wal_level=logical`);
    await ensurePublication(admin, publication);
  } catch (error) {
    await Promise.all([pool.end(), admin.end()]);
    throw error;
  }
  const published = new Set<string>();
  const registry = new ShapeRegistry({
    pool,
    log,
    ensurePublished: async (relation) => {
      const name = `${relation.schema}.${relation.table}`;
      if (published.has(name)) return;
      await publish(admin, publication, relation.schema, relation.table);
      published.add(name);
    },
  });

  let streaming = false;
  let ready: () => void;
  const firstStart = new Promise<void>((resolve) => (ready = resolve));
  const replication = new ReplicationStream({
    connectionString: options.databaseUrl,
    publication,
    log,
    onTransaction: (transaction) => registry.apply(transaction),
    onStart: () => {
      streaming = true;
      ready();
    },
    onLost: () => {
      streaming = false;
      // Changes made while the stream is down are not coming: every log would
      // have a gap. Clients get must-refetch and fresh snapshots.
      registry.invalidateAll();
    },
  });
  replication.start();
  await Promise.race([
    firstStart,
    new Promise((_, reject) => setTimeout(() => reject(new Error("logical replication did not start")), 30_000)),
  ]).catch(async (error) => {
    await replication.stop();
    await Promise.all([pool.end(), admin.end()]);
    throw error;
  });

  const server = http.createServer((request, response) => {
    void handle(request, response).catch((error) => {
      log(`shape request failed: ${(error as Error).message}`);
      if (!response.headersSent) send(response, internalError());
      else response.destroy();
    });
  });
  server.keepAliveTimeout = longPollMs + 5_000;
  server.requestTimeout = 0;

  /** The HTTP face: the path, the method and the secret, then the same answer an in-process caller gets. */
  async function handle(request: http.IncomingMessage, response: http.ServerResponse) {
    const url = new URL(request.url ?? "/", "http://shape.server");
    if (url.pathname === "/v1/health") {
      const status = streaming ? 200 : 503;
      return send(
        response,
        reply(status, { "cache-control": "no-store" }, { status: streaming ? "active" : "starting" }),
      );
    }
    if (url.pathname !== "/v1/shape") return send(response, error(404, "Not found"));
    if (request.method !== "GET") return send(response, error(405, "Method not allowed"));
    if (
      options.secret &&
      !sameSecret(url.searchParams.get("secret") ?? url.searchParams.get("api_secret"), options.secret)
    )
      return send(response, error(401, "Unauthorized - Invalid API secret"));
    const closed = new AbortController();
    response.on("close", () => closed.abort());
    const answer = await shapeAnswer(url.searchParams, closed.signal);
    if (!closed.signal.aborted) send(response, answer);
  }

  async function serve(query: URLSearchParams, signal: AbortSignal): Promise<ShapeAnswer> {
    try {
      return await shapeAnswer(query, signal);
    } catch (failure) {
      log(`shape request failed: ${(failure as Error).message}`);
      return internalError();
    }
  }

  /** GET /v1/shape, once its caller is let in. */
  async function shapeAnswer(query: URLSearchParams, signal: AbortSignal): Promise<ShapeAnswer> {
    const parsed = parseRequest(query);
    if ("error" in parsed) return error(400, "Invalid request", parsed.error);
    if (!streaming)
      return reply(503, { "retry-after": "1", "cache-control": "no-store" }, { message: "Replication is starting" });
    const { definition, offset, handle, live, cursor } = parsed;

    let shape: Shape;
    if (offset === "now" || offset.tx < 0n) {
      try {
        shape = await registry.obtain(definition);
      } catch (failure) {
        if (failure instanceof ShapeError) return error(400, failure.message, failure.errors);
        throw failure;
      }
    } else {
      const found = registry.find(definition);
      if (!found || found.handle !== handle) return mustRefetch(await currentHandle(definition));
      shape = found;
    }

    if (offset === "now") return respond(shape, "now", { live: false, cursor });
    if (offset.tx >= 0n && compareOffsets(offset, shape.tail) > 0)
      return error(400, "Invalid request", { offset: ["out of bounds for this shape"] });
    if (live && !shape.changedAfter(offset)) {
      const wake = await shape.waitForChange(longPollMs, signal);
      if (signal.aborted) return CLIENT_GONE;
      if (wake === "gone" || shape.gone) return mustRefetch(await currentHandle(definition));
    }
    return respond(shape, offset, { live, cursor });
  }

  function follow(query: URLSearchParams, deliver: (batch: FollowedBatch) => void, signal: AbortSignal): void {
    const asked = new URLSearchParams(query);
    asked.set("offset", "-1");
    const parsed = parseRequest(asked);
    if ("error" in parsed) throw new ShapeError("Invalid request", parsed.error);
    const pause = (ms: number) =>
      new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          signal.removeEventListener("abort", done);
          resolve();
        };
        const timer = setTimeout(done, ms);
        signal.addEventListener("abort", done);
      });
    const loop = async () => {
      while (!signal.aborted) {
        let shape: Shape;
        try {
          if (!streaming) throw new Error("replication is starting");
          shape = await registry.obtain(parsed.definition);
        } catch (failure) {
          // A shape the database refuses (its where clause, its columns) stays refused.
          if (failure instanceof ShapeError) throw failure;
          log(
            `followed shape of ${parsed.definition.relation.table} not ready (${(failure as Error).message}); retrying`,
          );
          await pause(1000);
          continue;
        }
        const schema = JSON.parse(shape.schemaHeader) as FollowedBatch["schema"];
        let sent: Offset | undefined;
        let lsn = -1n;
        while (!signal.aborted && !shape.gone) {
          // What is new since the last batch, read with the tail at the same moment.
          const texts = sent
            ? shape.after(sent)
            : [...shape.snapshotJson, shape.snapshotEndJson, ...shape.after(BEFORE_ALL)];
          sent = shape.tail;
          if (texts.length > 0 || registry.lastSeenLsn !== lsn) {
            lsn = registry.lastSeenLsn;
            deliver({ messages: [...texts, upToDate(lsn)].map((text) => JSON.parse(text)), schema });
          }
          if (!shape.changedAfter(sent)) await shape.waitForChange(longPollMs, signal);
        }
        if (!signal.aborted) deliver({ messages: JSON.parse(MUST_REFETCH), schema });
      }
    };
    loop().catch((failure) =>
      log(`followed shape of ${parsed.definition.relation.table} stopped: ${(failure as Error).message}`),
    );
  }

  /** The handle a refetching client will get, so that a 409 can name it (taking the snapshot now). */
  async function currentHandle(definition: ShapeDefinition): Promise<string | undefined> {
    if (!streaming) return undefined;
    return registry.obtain(definition).then(
      (shape) => shape.handle,
      () => undefined,
    );
  }

  function respond(
    shape: Shape,
    offset: Offset | "now",
    { live, cursor }: { live: boolean; cursor?: string },
  ): ShapeAnswer {
    // Every client at this offset gets the same bytes: made once per shape, offset and tail.
    const { body, tail, hasData } = shape.body(offset, registry.lastSeenLsn);
    const headers: Record<string, string> = {
      ...JSON_HEADERS,
      "electric-handle": shape.handle,
      "electric-offset": formatOffset(tail),
      "electric-up-to-date": "",
      "electric-has-data": String(hasData),
      etag: `"${shape.handle}:${offset === "now" ? formatOffset(tail) : formatOffset(offset)}:${formatOffset(tail)}"`,
    };
    if (live) {
      headers["electric-cursor"] = nextCursor(longPollMs, cursor);
      headers["cache-control"] = "public, max-age=5, stale-while-revalidate=5";
    } else {
      headers["electric-schema"] = shape.schemaHeader;
      headers["cache-control"] = "public, max-age=60, stale-while-revalidate=300";
    }
    return { status: 200, headers, body };
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  log(`embedded shape server on http://127.0.0.1:${port} (slot ${replication.slotName})`);

  return {
    url: `http://${options.host ?? "127.0.0.1"}:${port}`,
    port,
    serve,
    follow,
    stats: () => ({ shapes: registry.size, slot: replication.slotName, streaming }),
    close: async () => {
      // From now on, requests (in process too) get 503 and long polls a 409 naming no handle.
      streaming = false;
      registry.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await replication.stop();
      await Promise.all([pool.end(), admin.end()]);
    },
  };
}

type ParsedRequest =
  | { error: Record<string, string[]> }
  | { definition: ShapeDefinition; offset: Offset | "now"; handle?: string; live: boolean; cursor?: string };

function parseRequest(query: URLSearchParams): ParsedRequest {
  const errors: Record<string, string[]> = {};
  const fail = (field: string, message: string) => (errors[field] ??= []).push(message);

  const table = query.get("table");
  const parts = table?.split(".") ?? [];
  if (!table) fail("table", "can't be blank");
  else if (parts.length > 2 || !parts.every((part) => IDENTIFIER.test(part)))
    fail("table", "is not a valid table name");

  const offsetText = query.get("offset");
  const offset = offsetText === "now" ? "now" : offsetText ? parseOffset(offsetText) : undefined;
  if (!offsetText) fail("offset", "can't be blank");
  else if (!offset) fail("offset", "has invalid format");

  const handle = query.get("handle") ?? undefined;
  const live = query.get("live") === "true";
  if (offset && offset !== "now" && offset.tx >= 0n && !handle) fail("handle", "can't be blank when offset != -1");
  if (live && (!offset || offset === "now" || offset.tx < 0n)) fail("live", "can't be true when offset == -1");
  if (query.get("live_sse") === "true" || query.get("experimental_live_sse") === "true")
    fail("live_sse", `${SUPPORTED} server-sent events; use long polling`);
  for (const name of query.keys()) if (name.startsWith("subset__")) fail(name, `${SUPPORTED} subset snapshots`);

  const where = query.get("where") ?? undefined;
  if (where !== undefined && (where.length > 4000 || where.includes(";") || where.trim() === ""))
    fail("where", "is not a valid where clause");
  const params: string[] = [];
  const indexes = [...query.keys()].flatMap((name) => /^params\[(\d+)\]$/.exec(name)?.[1] ?? []).map(Number);
  indexes.sort((a, b) => a - b);
  indexes.forEach((index, position) => {
    if (index !== position + 1) fail("params", "must be numbered $1, $2, ... without gaps");
    params.push(query.get(`params[${index}]`)!);
  });

  const columnsText = query.get("columns");
  const columns = columnsText?.split(",").map((name) => name.trim().replace(/^"(.*)"$/, "$1"));
  if (columns && (columns.length === 0 || !columns.every((name) => IDENTIFIER.test(name))))
    fail("columns", "must be a comma-separated list of column names");

  const replica = query.get("replica") ?? "default";
  if (replica !== "default" && replica !== "full") fail("replica", "must be default or full");
  const logMode = query.get("log") ?? "full";
  if (logMode !== "full" && logMode !== "changes_only") fail("log", "must be full or changes_only");

  if (Object.keys(errors).length > 0) return { error: errors };
  const relation = parts.length === 2 ? { schema: parts[0], table: parts[1] } : { schema: "public", table: parts[0] };
  return {
    definition: {
      relation,
      where,
      params,
      columns,
      replica: replica as ShapeDefinition["replica"],
      log: logMode as ShapeDefinition["log"],
    },
    offset: offset!,
    handle,
    live,
    cursor: query.get("cursor") ?? undefined,
  };
}

/** The next long-poll interval boundary, never the one the client already has (Electric's cache busting). */
function nextCursor(longPollMs: number, previous?: string): string {
  const interval = Math.max(1, Math.round(longPollMs / 1000));
  let cursor = Math.ceil(Date.now() / 1000 / interval) * interval;
  if (String(cursor) === previous) cursor += interval;
  return String(cursor);
}

const JSON_HEADERS = {
  "content-type": "application/json; charset=utf-8",
  "access-control-expose-headers": EXPOSED_HEADERS,
};

function reply(status: number, headers: Record<string, string>, body: unknown): ShapeAnswer {
  return { status, headers: { ...JSON_HEADERS, ...headers }, body: Buffer.from(JSON.stringify(body)) };
}

function error(status: number, message: string, errors?: Record<string, string[]>): ShapeAnswer {
  return reply(
    status,
    { "cache-control": "no-store", "surrogate-control": "no-store" },
    errors ? { message, errors } : { message },
  );
}

function internalError(): ShapeAnswer {
  return reply(500, { "cache-control": "no-store" }, { message: "Internal error" });
}

const MUST_REFETCH_BODY = Buffer.from(MUST_REFETCH);

function mustRefetch(handle?: string): ShapeAnswer {
  return {
    status: 409,
    headers: {
      ...JSON_HEADERS,
      "cache-control": "public, max-age=60, must-revalidate",
      ...(handle ? { "electric-handle": handle } : {}),
    },
    body: MUST_REFETCH_BODY,
  };
}

/** What a long poll whose caller went away answers: nobody reads it. */
const CLIENT_GONE: ShapeAnswer = { status: 499, headers: { "cache-control": "no-store" }, body: Buffer.alloc(0) };

function send(response: http.ServerResponse, answer: ShapeAnswer) {
  response.writeHead(answer.status, { ...answer.headers, "content-length": String(answer.body.length) });
  response.end(answer.body);
}

function sameSecret(given: string | null, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function ensurePublication(admin: pg.Pool, publication: string): Promise<void> {
  const { rowCount } = await admin.query("SELECT 1 FROM pg_publication WHERE pubname = $1", [publication]);
  if (rowCount) return;
  try {
    await admin.query(`CREATE PUBLICATION ${quoteIdent(publication)}`);
  } catch (error) {
    // Another instance created it first.
    if ((error as pg.DatabaseError).code !== "42710") throw error;
  }
}

async function publish(admin: pg.Pool, publication: string, schema: string, table: string): Promise<void> {
  const { rowCount } = await admin.query(
    "SELECT 1 FROM pg_publication_tables WHERE pubname = $1 AND schemaname = $2 AND tablename = $3",
    [publication, schema, table],
  );
  if (rowCount) return;
  try {
    await admin.query(
      `ALTER PUBLICATION ${quoteIdent(publication)} ADD TABLE ${quoteIdent(schema)}.${quoteIdent(table)}`,
    );
  } catch (error) {
    const code = (error as pg.DatabaseError).code;
    if (code === "42P01")
      throw new ShapeError("Invalid request", { table: [`Table "${schema}"."${table}" does not exist`] });
    // 42710: added by another instance meanwhile.
    if (code !== "42710") throw error;
  }
}
