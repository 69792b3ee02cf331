// Data keys apart from the data, key-encryption keys that rotate and are
// destroyed, purpose keys and a master key that can be replaced (decision
// record 016): erasure really crypto-shreds, backups included.
import { execFile } from "node:child_process";
import { hkdfSync, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { openIdentity } from "~/auth/identity.server";
import { openTotpSecret } from "~/auth/totp.server";
import { book } from "~/booking/booking.server";
import { getBooking } from "~/booking/reads.server";
import { open, seal } from "~/crypto/aead.server";
import { clearKeyCache, currentKek, kekIds, purposeKey } from "~/crypto/keys.server";
import { loadMasterKey, masterKey, setMasterKey } from "~/crypto/master-key.server";
import { rotateKeys } from "~/crypto/data-keys.server";
import { emailIndex, openGuest } from "~/booking/guests.server";
import { eraseGuest } from "~/privacy/rights.server";
import { ensureDatabase, migrate } from "../../db/migrate";
import { closePool, getPool } from "../../db/pool.server";
import { setUpDatabase } from "../../launcher/setup";
import { createAccount, createProperty, type Fixture } from "../helpers";
import { start, stop, stopAll } from "../server-process";

const run = promisify(execFile);
const system = { id: "system:key-store-test", channel: "system" } as const;
const DAY = 86_400_000;
const keyDir = process.env.HOTEL_KEY_DIR!;

function cli(args: string[], env: Record<string, string> = {}) {
  return run(process.execPath, ["--import", "tsx", "cli.ts", ...args], { env: { ...process.env, ...env } }).then(
    (out) => ({ code: 0, ...out }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

let hotel: Fixture | undefined;
let nights = 0;
async function bookGuest(fullName: string, email = `${randomBytes(4).toString("hex")}@example.test`) {
  hotel ??= await createProperty({ DBL: { rooms: 40 } });
  nights += 2;
  const { booking } = await book({ ...hotel.stay("DBL", nights, nights + 1), guest: { fullName, email } }, system);
  const { rows } = await getPool().query<{ guest_id: string }>(`SELECT guest_id FROM bookings WHERE id = $1`, [
    booking.id,
  ]);
  return { reference: booking.reference, guestId: rows[0].guest_id, email };
}

/** A guest's rows as a dump holds them: the sealed document and, from data_keys, its wrapped key. */
async function guestRows(db: Pick<pg.ClientBase, "query">, guestId: string) {
  const { rows } = await db.query<{ id: string; data_key_enc: string | null; pii_enc: string | null }>(
    `SELECT g.id, k.wrapped AS data_key_enc, g.pii_enc FROM guests g
       LEFT JOIN data_keys k ON k.subject = 'guest:' || g.id WHERE g.id = $1`,
    [guestId],
  );
  return rows[0];
}

afterAll(() => stopAll());

describe("data keys", () => {
  it("live in their own table, wrapped by a KEK from the key store outside the database", async () => {
    const { guestId } = await bookGuest("Kept Apart");
    const { rows: columns } = await getPool().query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_name IN ('guests', 'accounts')`,
    );
    expect(columns.map((c) => c.column_name)).not.toContain("data_key_enc");
    const { rows } = await getPool().query(`SELECT kek_id, wrapped FROM data_keys WHERE subject = $1`, [
      `guest:${guestId}`,
    ]);
    expect(rows[0].kek_id).toBe(currentKek().id);
    const file = path.join(keyDir, `kek-${currentKek().id}.json`);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    // The KEK itself is sealed by the master key in its file.
    expect(fs.readFileSync(file, "utf8")).not.toContain(currentKek().key.toString("base64"));
    expect(openGuest(await guestRows(getPool(), guestId))?.fullName).toBe("Kept Apart");
  });

  it("rotate: a new KEK, every data key re-wrapped under it, and everything still opens", async () => {
    const account = await createAccount("guest");
    const { guestId, reference } = await bookGuest("Still Readable");
    const before = currentKek().id;
    const report = await rotateKeys({ periodMs: 30 * DAY, retentionMs: 30 * DAY, force: true });
    expect(report).toMatchObject({ created: true, kekId: before + 1, unreadable: 0, destroyed: [] });
    expect(report!.rewrapped).toBeGreaterThanOrEqual(2);
    const { rows } = await getPool().query(`SELECT DISTINCT kek_id FROM data_keys`);
    expect(rows).toEqual([{ kek_id: before + 1 }]);
    expect((await getBooking(reference))?.guestName).toBe("Still Readable");
    expect(openGuest(await guestRows(getPool(), guestId))?.fullName).toBe("Still Readable");
    const { rows: identity } = await getPool().query(
      `SELECT a.id, k.wrapped AS data_key_enc, a.pii_enc FROM accounts a
         JOIN data_keys k ON k.subject = 'account:' || a.id WHERE a.id = $1`,
      [account.id],
    );
    expect(openIdentity(account.id, identity[0])?.email).toBe(account.email);
    // Within the period, nothing to do; the superseded KEK is kept for the retention period.
    const quiet = await rotateKeys({ periodMs: 30 * DAY, retentionMs: 30 * DAY });
    expect(quiet).toMatchObject({ created: false, rewrapped: 0, destroyed: [] });
    expect(kekIds()).toContain(before);
  });
});

describe("migration 010 on an existing data folder", () => {
  it("moves each data key out of its row, and the launcher re-wraps it under the current KEK", async () => {
    const url = await ensureDatabase(inject("adminUrl"), `m_${randomBytes(5).toString("hex")}`);
    await migrate(url, { count: 9 });
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    // Sealed as before the key store: the data key wrapped by the master-derived "guest-kek", in the row.
    const legacyKek = Buffer.from(hkdfSync("sha256", masterKey(), Buffer.alloc(0), "hotel-booking:guest-kek", 32));
    const dataKey = randomBytes(32);
    const id = "old-account";
    const identity = { email: "old.account@example.test", displayName: "Old Account" };
    await client.query(
      `INSERT INTO accounts (id, email_index, data_key_enc, pii_enc, password_hash, role) VALUES ($1, $2, $3, $4, '!', 'guest')`,
      [
        id,
        emailIndex(identity.email),
        seal(legacyKek, dataKey, `account:${id}`),
        seal(dataKey, JSON.stringify(identity), `account:${id}:pii`),
      ],
    );
    const logs: string[] = [];
    try {
      await setUpDatabase({ databaseUrl: url, dataDir: "/nonexistent", seed: "no", log: (line) => logs.push(line) });
      const { rows } = await client.query(
        `SELECT a.id, k.wrapped AS data_key_enc, k.kek_id, a.pii_enc FROM accounts a
           JOIN data_keys k ON k.subject = 'account:' || a.id WHERE a.id = $1`,
        [id],
      );
      expect(logs).toContain("re-wrapped 1 data keys under the current key-encryption key");
      expect(rows[0].kek_id).toBe(currentKek().id);
      expect(openIdentity(id, rows[0])).toEqual(identity);
      // The blind index made before the key store still finds the account.
      const { rows: found } = await client.query(`SELECT id FROM accounts WHERE email_index = $1`, [
        emailIndex(identity.email),
      ]);
      expect(found).toEqual([{ id }]);
    } finally {
      await client.end();
    }
  });
});

describe("erasure", () => {
  it("makes a copy of the database taken before it unreadable once the old KEK is destroyed", async () => {
    const erased = await bookGuest("Gone Forever", "gone.forever@example.test");
    const kept = await bookGuest("Still Here");
    // A backup from before the erasure: the whole database, as CREATE DATABASE … TEMPLATE copies it.
    const admin = new pg.Client({ connectionString: inject("adminUrl") });
    await admin.connect();
    const copyName = `backup_${randomBytes(4).toString("hex")}`;
    await closePool();
    await admin.query(`CREATE DATABASE ${copyName} TEMPLATE ${process.env.TEST_DATABASE_NAME}`);
    const backup = new pg.Client({ connectionString: inject("adminUrl").replace(/\/[^/]*$/, `/${copyName}`) });
    await backup.connect();
    try {
      await eraseGuest(erased.guestId, system);
      // The live database has no key left to open it with.
      expect(await guestRows(getPool(), erased.guestId)).toEqual({
        id: erased.guestId,
        data_key_enc: null,
        pii_enc: null,
      });
      // The backup still does, until the KEK that wrapped its key goes: that is the window decision record 016 states.
      expect(openGuest(await guestRows(backup, erased.guestId))?.fullName).toBe("Gone Forever");

      // The next rotation re-wraps every live key; once the retention period has passed, the old KEK is destroyed.
      const oldKek = currentKek().id;
      const report = await rotateKeys({ periodMs: 30 * DAY, retentionMs: 0, force: true });
      expect(report!.destroyed).toContain(oldKek);
      expect(fs.existsSync(path.join(keyDir, `kek-${oldKek}.json`))).toBe(false);

      const fromBackup = await guestRows(backup, erased.guestId);
      expect(fromBackup.data_key_enc).toMatch(new RegExp(`^${oldKek}:`));
      expect(() => openGuest(fromBackup)).toThrow(/destroyed/);
      // The erased guest's details cannot be found by any key this system still has.
      for (const id of kekIds()) expect(id).not.toBe(oldKek);
      // The live system reads everyone else as before.
      expect((await getBooking(kept.reference))?.guestName).toBe("Still Here");
      expect(openGuest(await guestRows(getPool(), kept.guestId))?.fullName).toBe("Still Here");
    } finally {
      await backup.end();
      await admin.query(`DROP DATABASE ${copyName}`);
      await admin.end();
    }
  });
});

describe("npm run hotel -- keys:rotate", () => {
  it("starts a new KEK, re-wraps every data key, destroys expired KEKs and prints the counts", async () => {
    await bookGuest("Cli Rotated");
    const before = currentKek(0).id;
    const result = await cli(["keys:rotate"], { HOTEL_KEK_RETENTION_DAYS: "0" });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      new RegExp(
        `keys rotated: current KEK ${before + 1} \\(new\\); [1-9]\\d* data keys re-wrapped; KEKs destroyed: .*${before}`,
      ),
    );
    clearKeyCache();
    expect(currentKek().id).toBe(before + 1);
    const { rows } = await getPool().query(`SELECT DISTINCT kek_id FROM data_keys`);
    expect(rows).toEqual([{ kek_id: before + 1 }]);
  });
});

describe("npm run hotel -- keys:rotate-master", () => {
  it("re-seals the key store under a new master key: sign-in and TOTP keep working, the old key opens nothing", async () => {
    const guest = await createAccount("guest");
    const staff = await createAccount("manager");
    const { guestId } = await bookGuest("Master Rotated");
    const indexBefore = emailIndex(guest.email);
    const oldMaster = Buffer.from(masterKey());
    const newMaster = randomBytes(32);

    const result = await cli(["keys:rotate-master"], { HOTEL_NEW_MASTER_KEY: newMaster.toString("base64") });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/keys re-sealed under the new master key/);
    expect(result.stdout).toMatch(/give every instance the new key/);
    expect(result.stdout).not.toContain(newMaster.toString("base64"));

    setMasterKey(newMaster);
    clearKeyCache();
    try {
      // The blind index is the same, so sign-in finds the account; the TOTP secret still opens.
      expect(emailIndex(guest.email)).toBe(indexBefore);
      const { rows } = await getPool().query(`SELECT id, totp_secret_enc FROM accounts WHERE email_index = $1`, [
        emailIndex(staff.email),
      ]);
      expect(openTotpSecret(staff.id, rows[0].totp_secret_enc)).toBe(staff.totpSecret);
      expect(openGuest(await guestRows(getPool(), guestId))?.fullName).toBe("Master Rotated");

      // The old master key opens nothing in the store any more.
      setMasterKey(oldMaster);
      clearKeyCache();
      expect(() => purposeKey("guest-email-index")).toThrow(/another master key/);
      for (const name of fs.readdirSync(keyDir).filter((file) => file.endsWith(".json"))) {
        const entry = JSON.parse(fs.readFileSync(path.join(keyDir, name), "utf8")) as { key: string };
        expect(() => open(oldMaster, entry.key, `key-store:${name.replace(/\.json$/, "")}`)).toThrow();
      }
    } finally {
      setMasterKey(newMaster);
      clearKeyCache();
    }
  });
});

describe("the master key", () => {
  it("is taken out of process.env when loaded, so no child process inherits it", async () => {
    const saved = masterKey();
    const key = randomBytes(32).toString("base64");
    process.env.HOTEL_MASTER_KEY = key;
    try {
      expect(loadMasterKey("/nonexistent", true)).toBe("environment");
      expect(process.env.HOTEL_MASTER_KEY).toBeUndefined();
      const child = await run(process.execPath, ["-e", "console.log(process.env.HOTEL_MASTER_KEY ?? 'absent')"]);
      expect(child.stdout.trim()).toBe("absent");
    } finally {
      process.env.HOTEL_MASTER_KEY = saved.toString("base64");
      setMasterKey(saved);
    }
  });

  it("never reaches the embedded PostgreSQL's environment", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hotel-master-"));
    fs.chmodSync(dataDir, 0o755);
    const key = randomBytes(32).toString("base64");
    const server = await start({ HOTEL_DATA_DIR: dataDir, HOTEL_MASTER_KEY: key, HOTEL_SEED_DEMO: "no" });
    try {
      const clusterDir = /embedded PostgreSQL on port \d+ \(([^)]+)\)/.exec(server.output())![1];
      const postmaster = fs.readFileSync(path.join(clusterDir, "postmaster.pid"), "utf8").split("\n")[0];
      const environ = fs.readFileSync(`/proc/${postmaster}/environ`, "utf8");
      expect(environ).toContain("PATH=");
      expect(environ).not.toContain(key);
      expect(environ).not.toContain("HOTEL_MASTER_KEY");
      // The key store is in the data folder, sealed by that key.
      expect(fs.readdirSync(path.join(dataDir, "keys"))).toContain("kek-1.json");
    } finally {
      await stop(server);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
