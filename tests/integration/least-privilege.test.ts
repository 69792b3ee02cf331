// The app's database role owns nothing and may do only what db/privileges.ts
// grants; the audit trail believes an actor only through hotel_act_as(); the
// embedded PostgreSQL sees none of our secrets. Each attack below worked
// while the app connected as a superuser and the actor was a plain setting.
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { book } from "../../app/booking/booking.server";
import { startEmbeddedPostgres } from "../../db/embedded";
import { APP_PRIVILEGES } from "../../db/privileges";
import { getPool, withSerializableTx } from "../../db/pool.server";
import { createAccount, createProperty, guestActor, type Fixture } from "../helpers";

let app: pg.Pool;
let owner: pg.Pool;
let hotel: Fixture;

beforeAll(async () => {
  app = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
  owner = new pg.Pool({ connectionString: process.env.DATABASE_OWNER_URL, max: 2 });
  hotel = await createProperty({ DBL: { rooms: 2 } });
});

afterAll(async () => {
  await Promise.all([app.end(), owner.end()]);
});

/** The SQLSTATE a statement fails with as the app's role, or "ok". */
async function asApp(sql: string, params: unknown[] = []): Promise<string> {
  const client = await app.connect();
  try {
    await client.query(sql, params);
    return "ok";
  } catch (error) {
    return (error as pg.DatabaseError).code ?? String(error);
  } finally {
    client.release();
  }
}

let nights = 0;
/** A confirmed reservation on nights no other test uses. */
async function aReservation(): Promise<{ id: string; bookingId: string }> {
  nights += 2;
  const { booking } = await book(hotel.stay("DBL", 10 + nights, 11 + nights), guestActor);
  return { id: booking.reservations[0].id, bookingId: booking.id };
}

describe("the app's database role", () => {
  it("is neither a superuser nor the owner of anything", async () => {
    const { rows } = await app.query<{ rolsuper: boolean; owned: number; replication: boolean }>(
      `SELECT rolsuper, rolreplication AS replication,
              (SELECT count(*)::int FROM pg_class WHERE relowner = r.oid) +
              (SELECT count(*)::int FROM pg_proc WHERE proowner = r.oid) AS owned
         FROM pg_roles r WHERE rolname = current_user`,
    );
    expect(rows[0]).toEqual({ rolsuper: false, owned: 0, replication: false });
  });

  it("cannot alter, delete or truncate the audit trail", async () => {
    await aReservation();
    expect(await asApp(`UPDATE audit_events SET actor = 'nobody'`)).toBe("42501");
    expect(await asApp(`DELETE FROM audit_events`)).toBe("42501");
    expect(await asApp(`TRUNCATE audit_events`)).toBe("42501");
  });

  it("cannot delete what the model never deletes", async () => {
    expect(await asApp(`DELETE FROM reservations`)).toBe("42501");
    expect(await asApp(`TRUNCATE reservations`)).toBe("42501");
    expect(await asApp(`DELETE FROM bookings`)).toBe("42501");
    expect(await asApp(`DELETE FROM guests`)).toBe("42501");
  });

  it("cannot disable triggers, change replication role, or change the schema", async () => {
    expect(await asApp(`ALTER TABLE reservations DISABLE TRIGGER ALL`)).toBe("42501");
    expect(await asApp(`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update`)).toBe("42501");
    expect(await asApp(`SET session_replication_role = replica`)).toBe("42501");
    expect(await asApp(`DROP TABLE audit_events`)).toBe("42501");
    expect(await asApp(`CREATE TABLE public.mine (x int)`)).toBe("42501");
    expect(
      await asApp(`CREATE OR REPLACE FUNCTION hotel_act_as(text, text, text) RETURNS void LANGUAGE sql AS ''`),
    ).toBe("42501");
  });

  it("cannot read files or run programs", async () => {
    expect(await asApp(`SELECT pg_read_file('/etc/passwd')`)).toBe("42501");
    expect(await asApp(`SELECT pg_read_binary_file('/proc/self/environ')`)).toBe("42501");
    expect(await asApp(`SELECT pg_ls_dir('.')`)).toBe("42501");
    expect(await asApp(`COPY (SELECT 1) TO PROGRAM 'env'`)).toBe("42501");
    expect(await asApp(`CREATE TEMP TABLE e (line text); COPY e FROM PROGRAM 'env'`)).toBe("42501");
    expect(await asApp(`COPY (SELECT 1) TO '/tmp/hotel-leak'`)).toBe("42501");
  });

  it("cannot read the audit signing key or sign an actor itself", async () => {
    expect(await asApp(`SELECT key FROM audit_signing_key`)).toBe("42501");
    expect(await asApp(`SELECT hotel_actor_mac('account:admin', 'front_desk')`)).toBe("42501");
  });

  it("has exactly the privileges db/privileges.ts lists, on every table", async () => {
    const { rows } = await owner.query<{ table: string; privileges: string[] }>(
      `SELECT c.relname AS table,
              ARRAY(SELECT p FROM unnest(ARRAY['SELECT','INSERT','UPDATE','DELETE','TRUNCATE','REFERENCES','TRIGGER']) p
                     WHERE has_table_privilege('hotel_app', c.oid, p) ORDER BY p) AS privileges
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f')`,
    );
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) {
      expect(row.privileges, row.table).toEqual([...(APP_PRIVILEGES[row.table] ?? ["unlisted"])].sort());
    }
  });
});

describe("the audit trail's actor", () => {
  it("cannot be claimed by setting hotel.actor: the event names who really wrote it", async () => {
    const { id } = await aReservation();
    const client = await app.connect();
    try {
      await client.query("BEGIN");
      await client.query(
        `SELECT set_config('hotel.actor', 'account:demo-admin', true), set_config('hotel.channel', 'front_desk', true),
                set_config('hotel.actor_mac', repeat('0', 64), true)`,
      );
      await client.query(`UPDATE reservations SET status = 'cancelled' WHERE id = $1`, [id]);
      await client.query("COMMIT");
    } finally {
      client.release();
    }
    const { rows } = await getPool().query(
      `SELECT actor, channel FROM audit_events WHERE entity_id = $1 AND action = 'reservation.cancelled'`,
      [id],
    );
    expect(rows).toEqual([{ actor: "db:hotel_app", channel: "system" }]);
  });

  it("cannot be claimed by copying a signed context from another transaction", async () => {
    const { id } = await aReservation();
    const client = await app.connect();
    try {
      const {
        rows: [signed],
      } = await client
        .query<{ actor: string; mac: string }>(
          `BEGIN; SELECT hotel_act_as(NULL, 'system:hold-sweeper', 'system');
         SELECT current_setting('hotel.actor') AS actor, current_setting('hotel.actor_mac') AS mac`,
        )
        .then((results) => (results as unknown as pg.QueryResult<{ actor: string; mac: string }>[])[2]);
      await client.query("COMMIT");
      await client.query("BEGIN");
      await client.query(
        `SELECT set_config('hotel.actor', $1, true), set_config('hotel.channel', 'system', true),
                set_config('hotel.actor_mac', $2, true)`,
        [signed.actor, signed.mac],
      );
      await client.query(`UPDATE reservations SET status = 'cancelled' WHERE id = $1`, [id]);
      await client.query("COMMIT");
    } finally {
      client.release();
    }
    const { rows } = await getPool().query(
      `SELECT actor FROM audit_events WHERE entity_id = $1 AND action = 'reservation.cancelled'`,
      [id],
    );
    expect(rows).toEqual([{ actor: "db:hotel_app" }]);
  });

  it("is an account only with that account's live session token", async () => {
    expect(await asApp(`SELECT hotel_act_as(NULL, 'account:demo-admin', 'front_desk')`)).toBe("42501");
    expect(await asApp(`SELECT hotel_act_as($1, NULL, 'front_desk')`, [randomBytes(32).toString("base64url")])).toBe(
      "28000",
    );
    // The session table's id (the token's hash) is not the token.
    const desk = await createAccount("front_desk", { propertyIds: [hotel.propertyId] });
    const token = randomBytes(32).toString("base64url");
    const sessionId = createHash("sha256").update(token).digest("hex");
    await getPool().query(
      `INSERT INTO sessions (id, user_id, expires_at, stage, kind) VALUES ($1, $2, now() + interval '1 hour', 'full', 'web')`,
      [sessionId, desk.id],
    );
    expect(await asApp(`SELECT hotel_act_as($1, NULL, 'front_desk')`, [sessionId])).toBe("28000");

    const { id } = await aReservation();
    await withSerializableTx({ actor: { id: "ignored", channel: "front_desk", sessionToken: token } }, (tx) =>
      tx.query(`UPDATE reservations SET status = 'cancelled' WHERE id = $1`, [id]),
    );
    const { rows } = await getPool().query(
      `SELECT actor, channel FROM audit_events WHERE entity_id = $1 AND action = 'reservation.cancelled'`,
      [id],
    );
    expect(rows).toEqual([{ actor: `account:${desk.id}`, channel: "front_desk" }]);

    // An expired session acts for nobody.
    await getPool().query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id = $1`, [sessionId]);
    expect(await asApp(`SELECT hotel_act_as($1, NULL, 'front_desk')`, [token])).toBe("28000");
  });

  it("records a reservation deleted by the owner, and refuses TRUNCATE even to the owner", async () => {
    const { id } = await aReservation();
    await owner.query(`DELETE FROM reservations WHERE id = $1`, [id]);
    const { rows } = await getPool().query(
      `SELECT actor, action, changes->>'status' AS status FROM audit_events WHERE entity_id = $1 ORDER BY id`,
      [id],
    );
    expect(rows.at(-1)).toEqual({ actor: "db:hotel_owner", action: "reservation.deleted", status: "confirmed" });
    await expect(owner.query(`TRUNCATE reservations CASCADE`)).rejects.toMatchObject({ code: "42501" });
  });
});

describe("the embedded PostgreSQL", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hotel-env-"));
  fs.chmodSync(dir, 0o755);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("sees none of the app's secrets in its environment", async () => {
    const secrets = {
      HOTEL_MASTER_KEY: randomBytes(32).toString("base64"),
      DATABASE_URL: "postgres://hotel_app:app-secret@127.0.0.1/hotel",
      DATABASE_OWNER_URL: "postgres://hotel_owner:owner-secret@127.0.0.1/hotel",
      ELECTRIC_SECRET: "electric-secret",
    };
    const saved = { ...process.env };
    Object.assign(process.env, secrets);
    const postgres = await startEmbeddedPostgres({ dataDir: dir }).finally(() => {
      for (const name of Object.keys(secrets)) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
    });
    // Our own environment is back as it was.
    expect(process.env.DATABASE_URL).toBe(saved.DATABASE_URL);
    const client = new pg.Client({ connectionString: postgres.adminUrl });
    await client.connect();
    try {
      // As a superuser, the two ways the outside review read the key.
      await client.query(`CREATE TEMP TABLE env (line text)`);
      await client.query(`COPY env FROM PROGRAM 'env'`);
      const { rows: env } = await client.query<{ line: string }>(`SELECT line FROM env`);
      const {
        rows: [postmaster],
      } = await client.query<{ environ: Buffer }>(
        `SELECT pg_read_binary_file('/proc/' || split_part(pg_read_file('postmaster.pid'), E'\\n', 1) || '/environ')
                AS environ`,
      );
      const seen = env.map((row) => row.line).join("\n") + "\n" + postmaster.environ.toString("latin1");
      expect(env.length).toBeGreaterThan(0);
      for (const [name, value] of Object.entries(secrets)) {
        expect(seen, name).not.toContain(value);
        expect(seen, name).not.toContain(`${name}=`);
      }
    } finally {
      await client.end();
      await postgres.stop();
    }
  });
});
