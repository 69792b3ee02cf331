// Each test file gets its own database, cloned from the migrated template.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, inject } from "vitest";
import { ensureDatabase } from "../../db/migrate";
import { APP_ROLE, OWNER_ROLE, urlAs } from "../../db/roles";
import { closePool } from "../../db/pool.server";
import { setMasterKey } from "../../app/crypto/master-key.server";

// Rate limits are tested on their own (throttle.test.ts); elsewhere they would only slow tests down.
process.env.HOTEL_RATE_LIMITS ??= "off";
// Each test file has its own master key, as each hotel would.
// It stays in this process's environment for the servers a test starts (tests/server-process.ts).
process.env.HOTEL_MASTER_KEY ??= randomBytes(32).toString("base64");
setMasterKey(Buffer.from(process.env.HOTEL_MASTER_KEY, "base64"));
// …and its own key store, which those servers and CLI runs share with it.
const keyDir = fs.mkdtempSync(path.join(os.tmpdir(), "hotel-keys-"));
process.env.HOTEL_KEY_DIR = keyDir;
// …and its own folder for uploaded photos.
process.env.HOTEL_MEDIA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "hotel-media-"));

const name = `t_${randomBytes(6).toString("hex")}`;
const superuserUrl = await ensureDatabase(inject("adminUrl"), name, {
  template: inject("templateDatabase"),
  owner: OWNER_ROLE,
});
// The code under test connects as the app does: a role that owns nothing.
process.env.DATABASE_URL = urlAs(superuserUrl, APP_ROLE, inject("rolePasswords").app);
// The schema's owner: migrations, the seed, the embedded shape server (replication).
process.env.DATABASE_OWNER_URL = urlAs(superuserUrl, OWNER_ROLE, inject("rolePasswords").owner);
process.env.TEST_DATABASE_NAME = name;

afterAll(async () => {
  await closePool();
  fs.rmSync(keyDir, { recursive: true, force: true });
  fs.rmSync(process.env.HOTEL_MEDIA_DIR!, { recursive: true, force: true });
});
