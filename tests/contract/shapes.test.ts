// The shape protocol contract, driven by raw HTTP and by the real
// @electric-sql/client. By default it runs against the embedded shape server
// started here on this file's database. Set ELECTRIC_URL (and ELECTRIC_SECRET
// if the service has one, and ELECTRIC_DATABASE_URL to the migrated database
// that Electric replicates) to run the same suite against a real Electric;
// the few tests about the embedded server's own lifecycle are skipped then.
import { isChangeMessage, Shape, ShapeStream, type Row as ClientRow } from "@electric-sql/client";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "../../db/embedded";
import { startShapeServer, type ShapeServer } from "../../shape-server";
import { typedMessages } from "~/sync/upstream.server";
import { createProperty, type Fixture } from "../helpers";

const external = process.env.ELECTRIC_URL;
// Against a real Electric, every write of this suite (fixtures included) goes
// to the database that Electric replicates.
if (process.env.ELECTRIC_DATABASE_URL) process.env.DATABASE_URL = process.env.ELECTRIC_DATABASE_URL;
// The shape server replicates: it connects as the schema's owner (the app's role may not).
const databaseUrl = process.env.ELECTRIC_DATABASE_URL ?? process.env.DATABASE_OWNER_URL!;
const secret = external ? process.env.ELECTRIC_SECRET : "contract-secret";

let server: ShapeServer | undefined;
let base: string;
let db: pg.Pool;
let hotel: Fixture;

async function startEmbedded(port?: number) {
  server = await startShapeServer({ databaseUrl, secret, longPollMs: 1500, port });
  base = server.url;
}

beforeAll(async () => {
  db = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  if (external) base = external.replace(/\/$/, "");
  else await startEmbedded();
  hotel = await createProperty({ DBL: { rooms: 3 }, STE: { rooms: 2, accessible: [["step_free"]] } });
});

afterAll(async () => {
  await server?.close();
  await db.end();
});

function url(query: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries({ ...query, secret })) if (value !== undefined) search.set(name, value);
  return `${base}/v1/shape?${search}`;
}

function roomsQuery(extra: Record<string, string | undefined> = {}) {
  return { table: "rooms", where: "property_id = $1", "params[1]": hotel.propertyId, ...extra };
}

type Message = {
  key?: string;
  value?: Record<string, unknown>;
  old_value?: Record<string, unknown>;
  headers: Record<string, unknown>;
};

async function get(query: Record<string, string | undefined>) {
  const response = await fetch(url(query));
  const text = await response.text();
  return { response, status: response.status, body: text ? (JSON.parse(text) as Message[]) : [] };
}

/** The initial snapshot, then where it left the client. */
async function initial(query: Record<string, string | undefined>) {
  const result = await get({ ...query, offset: "-1" });
  expect(result.status).toBe(200);
  return {
    ...result,
    handle: result.response.headers.get("electric-handle")!,
    offset: result.response.headers.get("electric-offset")!,
    cursor: result.response.headers.get("electric-cursor") ?? undefined,
  };
}

/** One live long-poll from `at`, while `write` runs. */
async function liveDuring(
  query: Record<string, string | undefined>,
  at: { handle: string; offset: string },
  write: () => Promise<unknown>,
) {
  const pending = get({ ...query, handle: at.handle, offset: at.offset, live: "true" });
  await new Promise((resolve) => setTimeout(resolve, 100));
  await write();
  let result = await pending;
  // A poll may time out up-to-date before the change arrives: ask again from its offset.
  for (let i = 0; i < 5 && result.status === 200 && !result.body.some((m) => m.key); i++) {
    result = await get({
      ...query,
      handle: at.handle,
      offset: result.response.headers.get("electric-offset")!,
      live: "true",
    });
  }
  return result;
}

function changes(body: Message[]) {
  return body.filter((message) => message.key !== undefined);
}

function control(body: Message[], name: string) {
  return body.find((message) => message.headers.control === name);
}

/** Runs `sql` in one transaction and returns its xid as the shape log reports it. */
async function write(statements: [string, unknown[]][]): Promise<number> {
  const client = await db.connect();
  try {
    await client.query("BEGIN");
    for (const [sql, values] of statements) await client.query(sql, values);
    const { rows } = await client.query<{ txid: string }>("SELECT pg_current_xact_id()::xid::text AS txid");
    await client.query("COMMIT");
    return Number(rows[0].txid);
  } finally {
    client.release();
  }
}

/** The hotel's rooms through @electric-sql/client, as a browser would follow them. */
function followRooms(columns?: string[]) {
  const controller = new AbortController();
  const shape = new Shape(
    new ShapeStream<ClientRow>({
      url: `${base}/v1/shape`,
      params: { table: "rooms", where: "property_id = $1", params: [hotel.propertyId], columns, secret },
      signal: controller.signal,
    }),
  );
  return { shape, controller };
}

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000) {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.sequential("the shape protocol", () => {
  it("reports health", async () => {
    const response = await fetch(`${base}/v1/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "active" });
  });

  it("serves the initial snapshot with the headers the client requires", async () => {
    const { response, body, handle, offset } = await initial(roomsQuery());
    expect(handle).toMatch(/\S/);
    expect(offset).toMatch(/^\d+_(\d+|inf)$/);
    expect(response.headers.get("electric-up-to-date")).not.toBeNull();
    const schema = JSON.parse(response.headers.get("electric-schema")!);
    expect(schema.id).toMatchObject({ type: "uuid", pk_index: 0 });
    expect(schema.accessibility).toMatchObject({ type: "text", dims: 1 });
    expect(schema.floor).toMatchObject({ type: "int4" });
    const rows = changes(body);
    expect(rows).toHaveLength(5);
    for (const row of rows) {
      expect(row.headers).toMatchObject({ operation: "insert", relation: ["public", "rooms"] });
      expect(row.key).toBe(`"public"."rooms"/"${row.value!.id}"`);
      expect(row.value!.property_id).toBe(hotel.propertyId);
    }
    // Postgres' own text output: arrays as {..}, booleans as t/f.
    expect(rows.map((row) => row.value!.accessibility)).toContain("{step_free}");
    expect(rows[0].value!.out_of_order).toBe("f");
    expect(control(body, "snapshot-end")).toBeDefined();
    expect(body.at(-1)!.headers.control).toBe("up-to-date");
    expect(String(body.at(-1)!.headers.global_last_seen_lsn)).toMatch(/^\d+$/);
  });

  it("serves only the requested columns, and requires the primary key among them", async () => {
    const { response, body } = await initial(roomsQuery({ columns: "id,number,housekeeping_status" }));
    expect(Object.keys(JSON.parse(response.headers.get("electric-schema")!)).sort()).toEqual([
      "housekeeping_status",
      "id",
      "number",
    ]);
    expect(Object.keys(changes(body)[0].value!).sort()).toEqual(["housekeeping_status", "id", "number"]);
    const missingKey = await get({ ...roomsQuery({ columns: "number,floor" }), offset: "-1" });
    expect(missingKey.status).toBe(400);
  });

  it("delivers a committed change to a live request with its lsn and txid", async () => {
    const query = roomsQuery({ columns: "id,number,housekeeping_status" });
    const start = await initial(query);
    const room = hotel.roomTypes.DBL.roomIds[0];
    let txid = 0;
    const result = await liveDuring(query, start, async () => {
      txid = await write([["UPDATE rooms SET housekeeping_status = 'dirty' WHERE id = $1", [room]]]);
    });
    expect(result.status).toBe(200);
    expect(result.response.headers.get("electric-cursor")).toMatch(/^\d+$/);
    const [update] = changes(result.body);
    expect(update.headers).toMatchObject({ operation: "update", relation: ["public", "rooms"], txids: [txid] });
    expect(String(update.headers.lsn)).toMatch(/^\d+$/);
    // replica=default: the primary key and what changed.
    expect(update.value).toEqual({ id: room, housekeeping_status: "dirty" });
    expect(result.body.at(-1)!.headers.control).toBe("up-to-date");
    const after = result.response.headers.get("electric-offset")!;
    expect(after).not.toBe(start.offset);
  });

  it("turns rows moving into and out of the where clause into inserts and deletes", async () => {
    const query = {
      table: "rooms",
      where: "property_id = $1 AND housekeeping_status = $2",
      "params[1]": hotel.propertyId,
      "params[2]": "inspected",
    };
    const start = await initial(query);
    expect(changes(start.body)).toHaveLength(0);
    const room = hotel.roomTypes.STE.roomIds[1];
    const moveIn = await liveDuring(query, start, () =>
      write([["UPDATE rooms SET housekeeping_status = 'inspected' WHERE id = $1", [room]]]),
    );
    const [insert] = changes(moveIn.body);
    expect(insert.headers.operation).toBe("insert");
    expect(insert.value).toMatchObject({ id: room, housekeeping_status: "inspected", number: expect.any(String) });
    const at = { handle: start.handle, offset: moveIn.response.headers.get("electric-offset")! };
    const moveOut = await liveDuring(query, at, () =>
      write([["UPDATE rooms SET housekeeping_status = 'clean' WHERE id = $1", [room]]]),
    );
    const [remove] = changes(moveOut.body);
    expect(remove.headers.operation).toBe("delete");
    expect(remove.value).toEqual({ id: room });
  });

  it("sends a transaction whole, in order, with only its last change marked last", async () => {
    const query = roomsQuery({ columns: "id,floor" });
    const start = await initial(query);
    const rooms = hotel.roomTypes.DBL.roomIds;
    let txid = 0;
    const result = await liveDuring(query, start, async () => {
      txid = await write(rooms.map((id, floor) => ["UPDATE rooms SET floor = $2 WHERE id = $1", [id, 10 + floor]]));
    });
    const updates = changes(result.body);
    expect(updates.map((m) => m.value)).toEqual(rooms.map((id, floor) => ({ id, floor: String(10 + floor) })));
    expect(new Set(updates.map((m) => JSON.stringify(m.headers.txids)))).toEqual(new Set([JSON.stringify([txid])]));
    expect(updates.map((m) => m.headers.last ?? false)).toEqual([false, false, true]);
    const positions = updates.map((m) => Number(m.headers.op_position));
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it("answers a stale handle with 409 must-refetch and the current handle", async () => {
    const query = roomsQuery();
    const start = await initial(query);
    const stale = await get({ ...query, handle: `${start.handle}x`, offset: start.offset });
    expect(stale.status).toBe(409);
    expect(stale.body).toEqual([{ headers: { control: "must-refetch" } }]);
  });

  it("answers offset=now at once with a resumable offset", async () => {
    const result = await get({ ...roomsQuery(), offset: "now" });
    expect(result.status).toBe(200);
    expect(changes(result.body)).toHaveLength(0);
    expect(result.body.at(-1)!.headers.control).toBe("up-to-date");
    expect(result.response.headers.get("electric-offset")).toMatch(/^\d+_(\d+|inf)$/);
    expect(result.response.headers.get("electric-handle")).toBeTruthy();
  });

  it("answers a live request with nothing new up-to-date, with a new cursor", async () => {
    const query = roomsQuery();
    const start = await initial(query);
    const result = await get({ ...query, handle: start.handle, offset: start.offset, live: "true", cursor: "1" });
    expect(result.status).toBe(200);
    expect(changes(result.body)).toHaveLength(0);
    expect(result.response.headers.get("electric-up-to-date")).not.toBeNull();
    expect(result.response.headers.get("electric-cursor")).not.toBe("1");
  });

  it("refuses malformed requests with 400 and says why", async () => {
    expect((await get({ offset: "-1" })).status).toBe(400);
    expect((await get({ table: "rooms" })).status).toBe(400);
    expect((await get({ table: "rooms", offset: "banana" })).status).toBe(400);
    expect((await get({ table: "rooms", offset: "5_3" })).status).toBe(400);
    expect((await get({ table: "no_such_table", offset: "-1" })).status).toBe(400);
    const badWhere = await get({ table: "rooms", offset: "-1", where: "no_such_column = 1" });
    expect(badWhere.status).toBe(400);
  });

  it("keeps a @electric-sql/client Shape equal to the table through inserts, updates and deletes", async () => {
    const { shape, controller } = followRooms();
    try {
      const rows = await shape.rows;
      expect(rows).toHaveLength(5);
      // Parsed through electric-schema: integers are numbers, arrays arrays, booleans booleans.
      const suite = rows.find((row) => row.id === hotel.roomTypes.STE.roomIds[0])!;
      expect(suite.accessibility).toEqual(["step_free"]);
      expect(typeof suite.floor).toBe("number");
      expect(suite.out_of_order).toBe(false);

      const {
        rows: [room],
      } = await db.query<{ id: string }>(
        `INSERT INTO rooms (property_id, room_type_id, number, floor) VALUES ($1, $2, '999', 9) RETURNING id`,
        [hotel.propertyId, hotel.roomTypes.DBL.id],
      );
      await until(() => shape.currentRows.some((row) => row.id === room.id), "the inserted room");
      await db.query(`UPDATE rooms SET out_of_order = true WHERE id = $1`, [room.id]);
      await until(
        () => shape.currentRows.find((row) => row.id === room.id)?.out_of_order === true,
        "the room out of order",
      );
      await db.query(`DELETE FROM rooms WHERE id = $1`, [room.id]);
      await until(() => !shape.currentRows.some((row) => row.id === room.id), "the room to go");
      expect(shape.currentRows).toHaveLength(5);
    } finally {
      controller.abort();
    }
  });

  it("applies bursts of concurrent transactions as the table ends up, rows moving in and out of the where clause", async () => {
    const controller = new AbortController();
    const columns = ["id", "number", "floor"];
    const shape = new Shape(
      new ShapeStream<ClientRow>({
        url: `${base}/v1/shape`,
        params: {
          table: "rooms",
          where: "property_id = $1 AND floor < 5",
          params: [hotel.propertyId],
          columns,
          secret,
        },
        signal: controller.signal,
      }),
    );
    const expected = async () =>
      (
        await db.query<{ id: string; number: string; floor: number }>(
          `SELECT id, number, floor FROM rooms WHERE property_id = $1 AND floor < 5 ORDER BY id`,
          [hotel.propertyId],
        )
      ).rows;
    const seen = () =>
      [...shape.currentRows]
        .map(({ id, number, floor }) => ({ id, number, floor }))
        .sort((a, b) => String(a.id).localeCompare(String(b.id)));
    try {
      await shape.rows;
      // Eight writers, five transactions each, at once: the server receives them faster than it
      // applies them one by one. Each inserts a room, moves its previous room across floor 5, and
      // every third deletes the one before that.
      await Promise.all(
        Array.from({ length: 8 }, async (_, writer) => {
          const ids: string[] = [];
          for (let step = 0; step < 5; step++) {
            const client = await db.connect();
            try {
              await client.query("BEGIN");
              const {
                rows: [room],
              } = await client.query<{ id: string }>(
                `INSERT INTO rooms (property_id, room_type_id, number, floor) VALUES ($1, $2, $3, $4) RETURNING id`,
                [hotel.propertyId, hotel.roomTypes.DBL.id, `burst-${writer}-${step}`, (writer + step) % 9],
              );
              if (ids.length > 0) {
                await client.query(`UPDATE rooms SET floor = 8 - floor WHERE id = $1`, [ids[ids.length - 1]]);
              }
              if (step % 3 === 2) await client.query(`DELETE FROM rooms WHERE id = $1`, [ids.shift()]);
              await client.query("COMMIT");
              ids.push(room.id);
            } finally {
              client.release();
            }
          }
        }),
      );
      const want = await expected();
      await until(() => JSON.stringify(seen()) === JSON.stringify(want), "the shape to equal the table");
    } finally {
      controller.abort();
      await db.query(`DELETE FROM rooms WHERE property_id = $1 AND number LIKE 'burst-%'`, [hotel.propertyId]);
    }
  });

  it("follows a transaction too large to hold row by row: clients start over and converge", async () => {
    const { shape, controller } = followRooms(["id", "number"]);
    const count = async () =>
      (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM rooms WHERE property_id = $1`, [hotel.propertyId]))
        .rows[0].n;
    try {
      await shape.rows;
      const before = await count();
      const handle = shape.handle;
      // One statement, more rows than the embedded server holds for one transaction (MAX_TRANSACTION_CHANGES).
      await db.query(
        `INSERT INTO rooms (property_id, room_type_id, number, floor)
         SELECT $1, $2, 'bulk-' || i, 1 FROM generate_series(1, 10050) AS i`,
        [hotel.propertyId, hotel.roomTypes.DBL.id],
      );
      await until(() => shape.currentRows.length === before + 10050, "the bulk insert", 30_000);
      // The embedded server sent must-refetch rather than hold the rows (Electric may stream them instead).
      if (!external) expect(shape.handle).not.toBe(handle);
      await db.query(`DELETE FROM rooms WHERE property_id = $1 AND number LIKE 'bulk-%'`, [hotel.propertyId]);
      await until(() => shape.currentRows.length === before, "the bulk delete", 30_000);
      expect(shape.currentRows.length).toBe(await count());
    } finally {
      controller.abort();
      await db.query(`DELETE FROM rooms WHERE property_id = $1 AND number LIKE 'bulk-%'`, [hotel.propertyId]);
    }
  });

  it.skipIf(!!external)(
    "follows a shape in process with the rows and value types the Electric client gives",
    async () => {
      const params = { where: "property_id = $1", params: [hotel.propertyId], secret };
      const viaClient = (table: string) => {
        const controller = new AbortController();
        const shape = new Shape(
          new ShapeStream<ClientRow>({
            url: `${base}/v1/shape`,
            params: { table, ...params },
            signal: controller.signal,
          }),
        );
        return { shape, controller };
      };
      const inProcess = (table: string) => {
        const rows = new Map<string, ClientRow>();
        const state = { rows, upToDate: false, controller: new AbortController() };
        const query = new URLSearchParams({ table, where: params.where, "params[1]": hotel.propertyId });
        server!.follow(
          query,
          (batch) => {
            for (const message of typedMessages<ClientRow>(batch)) {
              if (isChangeMessage(message)) {
                if (message.headers.operation === "delete") rows.delete(message.key);
                else rows.set(message.key, { ...rows.get(message.key), ...message.value });
              } else if (message.headers.control === "must-refetch") rows.clear();
              else if (message.headers.control === "up-to-date") state.upToDate = true;
            }
          },
          state.controller.signal,
        );
        return state;
      };
      const byId = (rows: Iterable<ClientRow>) => [...rows].sort((a, b) => String(a.id).localeCompare(String(b.id)));
      // Rooms: uuid, text, integer, boolean, text[]; room types: bigint.
      const followed = ["rooms", "room_types"].map((table) => ({ client: viaClient(table), own: inProcess(table) }));
      try {
        for (const { client, own } of followed) {
          await client.shape.rows;
          await until(() => own.upToDate, "the followed shape up to date");
          expect(byId(own.rows.values())).toEqual(byId(client.shape.currentRows));
        }
        const room = hotel.roomTypes.DBL.roomIds[1];
        await db.query(
          `UPDATE rooms SET accessibility = ARRAY['step_free', 'roll_in_shower'], out_of_order = true, floor = 7 WHERE id = $1`,
          [room],
        );
        await db.query(`UPDATE room_types SET base_rate = 9007199254740993 WHERE id = $1`, [hotel.roomTypes.DBL.id]);
        const [rooms, types] = followed;
        await until(
          () =>
            rooms.own.rows.get(`"public"."rooms"/"${room}"`)?.floor === 7 &&
            rooms.client.shape.currentRows.some((row) => row.id === room && row.floor === 7) &&
            types.own.rows.get(`"public"."room_types"/"${hotel.roomTypes.DBL.id}"`)?.base_rate === 9007199254740993n &&
            types.client.shape.currentRows.some((row) => row.base_rate === 9007199254740993n),
          "the changes, both ways",
        );
        for (const { client, own } of followed) expect(byId(own.rows.values())).toEqual(byId(client.shape.currentRows));
        expect(rooms.own.rows.get(`"public"."rooms"/"${room}"`)).toMatchObject({
          accessibility: ["step_free", "roll_in_shower"],
          out_of_order: true,
        });
      } finally {
        for (const { client, own } of followed) {
          client.controller.abort();
          own.controller.abort();
        }
      }
    },
  );

  it.skipIf(!!external)("recovers when the replication connection is cut: clients refetch and converge", async () => {
    const { shape, controller } = followRooms(["id", "floor"]);
    try {
      await shape.rows;
      const { rows } = await db.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_replication WHERE application_name = 'hotel-shapes'`,
      );
      expect(rows.length).toBeGreaterThan(0);
      await db.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_replication WHERE application_name = 'hotel-shapes'`,
      );
      // Written while the stream is down or reconnecting: must not be lost.
      const room = hotel.roomTypes.STE.roomIds[0];
      await db.query(`UPDATE rooms SET floor = 42 WHERE id = $1`, [room]);
      await until(
        () => shape.currentRows.find((row) => row.id === room)?.floor === 42,
        "the change made during the cut",
        20_000,
      );
      await until(async () => (await fetch(`${base}/v1/health`)).status === 200, "health");
    } finally {
      controller.abort();
    }
  });

  it.skipIf(!!external)("survives its own restart: old handles get must-refetch, clients converge", async () => {
    const { shape, controller } = followRooms();
    try {
      await shape.rows;
      const before = await initial(roomsQuery());
      const { port, slot } = { port: server!.port, slot: server!.stats().slot };
      await server!.close();
      await until(async () => {
        const { rowCount } = await db.query(`SELECT 1 FROM pg_replication_slots WHERE slot_name = $1`, [slot]);
        return rowCount === 0;
      }, "the replication slot to be dropped");
      await startEmbedded(port);
      const stale = await get({ ...roomsQuery(), handle: before.handle, offset: before.offset });
      expect(stale.status).toBe(409);
      const room = hotel.roomTypes.DBL.roomIds[1];
      await db.query(`UPDATE rooms SET floor = 77 WHERE id = $1`, [room]);
      await until(
        () => shape.currentRows.find((row) => row.id === room)?.floor === 77,
        "the change after restart",
        20_000,
      );
    } finally {
      controller.abort();
    }
  });

  it.skipIf(!!external)("survives a PostgreSQL restart: it reconnects and clients converge", async () => {
    // A cluster of its own, so that restarting it disturbs no other test.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hotel-shapes-restart-"));
    fs.chmodSync(dir, 0o755);
    let postgres = await startEmbeddedPostgres({ dataDir: dir });
    const url = postgres.adminUrl;
    const own = new pg.Pool({ connectionString: url, max: 2 });
    own.on("error", () => {});
    const restarting = await startShapeServer({ databaseUrl: url, longPollMs: 1000 });
    const controller = new AbortController();
    try {
      await own.query("CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL)");
      await own.query("INSERT INTO notes VALUES (1, 'before')");
      const shape = new Shape(
        new ShapeStream<ClientRow>({
          url: `${restarting.url}/v1/shape`,
          params: { table: "notes" },
          signal: controller.signal,
          onError: () => ({}),
        }),
      );
      expect(await shape.rows).toEqual([{ id: 1, body: "before" }]);
      await postgres.stop();
      postgres = await startEmbeddedPostgres({ dataDir: dir, port: postgres.port });
      await until(async () => (await fetch(`${restarting.url}/v1/health`)).status === 200, "streaming again", 30_000);
      await own.query("INSERT INTO notes VALUES (2, 'after')");
      await until(() => shape.currentRows.length === 2, "the row written after the restart", 20_000);
    } finally {
      controller.abort();
      await restarting.close();
      await own.end();
      await postgres.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!!external)("answers in process exactly as over HTTP (the proxy's path when embedded)", async () => {
    const query = roomsQuery();
    const compare = async (extra: Record<string, string>) => {
      const search = new URLSearchParams({ ...query, ...extra });
      const [inProcess, overHttp] = await Promise.all([
        server!.serve(search, new AbortController().signal),
        get({ ...query, ...extra }),
      ]);
      expect(inProcess.status).toBe(overHttp.status);
      for (const name of [
        "electric-handle",
        "electric-offset",
        "electric-schema",
        "electric-up-to-date",
        "electric-has-data",
        "etag",
        "cache-control",
        "content-type",
      ])
        expect(inProcess.headers[name] ?? null, name).toBe(overHttp.response.headers.get(name));
      expect(JSON.parse(inProcess.body.toString("utf8"))).toEqual(overHttp.body);
      return inProcess;
    };
    const first = await compare({ offset: "-1" });
    const at = { handle: first.headers["electric-handle"], offset: first.headers["electric-offset"] };
    await compare({ offset: "now" });
    await compare({ ...at, offset: "bogus" });
    await compare({ handle: "no-such-handle", offset: at.offset });
    // A long poll in process ends when its caller goes away, without an answer to anyone.
    const gone = new AbortController();
    const waiting = server!.serve(new URLSearchParams({ ...query, ...at, live: "true" }), gone.signal);
    gone.abort();
    expect((await waiting).status).toBe(499);
    // ... and wakes with the change, like its HTTP twin (whose cursor is its own).
    const room = hotel.roomTypes.STE.roomIds[0];
    const both = await liveDuring(query, at, () => db.query(`UPDATE rooms SET floor = 41 WHERE id = $1`, [room]));
    const again = await compare({ ...at, live: "true" });
    expect(again.headers["electric-offset"]).toBe(both.response.headers.get("electric-offset"));
    expect(again.headers["electric-cursor"]).toMatch(/^\d+$/);
  });

  it.skipIf(!!external)("refuses requests without the secret", async () => {
    const response = await fetch(`${base}/v1/shape?table=rooms&offset=-1`);
    expect(response.status).toBe(401);
  });
});
