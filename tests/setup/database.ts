// Each test file gets its own database, cloned from the migrated template.
import { randomBytes } from "node:crypto";
import { afterAll, inject } from "vitest";
import { ensureDatabase } from "../../db/migrate";
import { closePool } from "../../db/pool.server";

// Rate limits are tested on their own (throttle.test.ts); elsewhere they would only slow tests down.
process.env.HOTEL_RATE_LIMITS ??= "off";
// Each test file has its own master key, as each hotel would.
process.env.HOTEL_MASTER_KEY ??= randomBytes(32).toString("base64");

const name = `t_${randomBytes(6).toString("hex")}`;
process.env.DATABASE_URL = await ensureDatabase(inject("adminUrl"), name, inject("templateDatabase"));
process.env.TEST_DATABASE_NAME = name;

afterAll(async () => {
  await closePool();
});
