// Brings a database to life for the launcher, the CLI and the benchmark:
// the embedded PostgreSQL unless DATABASE_URL names another server, its two
// roles (the owner migrates, the app owns nothing), then migrations as the
// owner, then (when asked) the demo seed.
import path from "node:path";
import pg from "pg";
import { sealLegacyAccounts } from "../app/auth/identity.server";
import { rewrapDataKeys } from "../app/crypto/data-keys.server";
import { readOrCreateSecret, startEmbeddedPostgres, type RunningPostgres } from "../db/embedded";
import { ensureDatabase, migrate, pendingMigrations } from "../db/migrate";
import { adoptDatabase, APP_ROLE, ensureRoles, OWNER_ROLE, roleOf, unsafeAppRole, urlAs } from "../db/roles";
import { seedDemo } from "./seed";

export type DatabaseSetup = {
  /** The application's connection: a role that owns nothing (db/privileges.ts). */
  databaseUrl: string;
  /** The schema owner's connection (migrations, seed, the embedded shape server), when known. */
  ownerUrl?: string;
  embedded?: RunningPostgres;
  seeded: boolean;
};

export async function setUpDatabase(options: {
  databaseUrl?: string;
  /** DATABASE_OWNER_URL: the role that owns the schema and runs migrations. */
  ownerUrl?: string;
  /** The app's role to grant to when only the owner's URL is given (HOTEL_APP_ROLE; default hotel_app). */
  appRole?: string;
  dataDir: string;
  pgPort?: number;
  seed: "auto" | "yes" | "no";
  production?: boolean;
  log: (line: string) => void;
  pgLog?: (line: string) => void;
}): Promise<DatabaseSetup> {
  let databaseUrl = options.databaseUrl;
  let ownerUrl = options.ownerUrl;
  let embedded: RunningPostgres | undefined;
  if (!databaseUrl && ownerUrl) {
    // The operator's tools (`npm run db:migrate`) with the owner's URL alone.
    await migrate(ownerUrl, { appRole: options.appRole ?? APP_ROLE });
    const seeded = options.seed === "yes" ? await seedDemo(ownerUrl, options.log) : false;
    return { databaseUrl: ownerUrl, ownerUrl, seeded };
  }
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres({ dataDir: options.dataDir, port: options.pgPort, log: options.pgLog });
    if (embedded.relocatedBecause) {
      options.log(
        `PostgreSQL cluster placed at ${embedded.clusterDir} because ${embedded.relocatedBecause} ` +
          `(the data folder ${path.resolve(options.dataDir)} keeps its keys).`,
      );
    }
    try {
      ({ databaseUrl, ownerUrl } = await embeddedRoles(embedded.adminUrl, options.dataDir));
    } catch (error) {
      await embedded.stop();
      throw error;
    }
  }
  try {
    ownerUrl = await checkAppRole(databaseUrl, ownerUrl, options);
    if (ownerUrl) {
      // The owner migrates and grants the app's role what it needs; one role for both is a legacy setup.
      const appRole = roleOf(databaseUrl);
      await migrate(ownerUrl, { appRole: appRole === roleOf(ownerUrl) ? undefined : appRole });
    } else {
      await assertMigrated(databaseUrl);
    }
    const sealed = await withClient(databaseUrl, sealLegacyAccounts);
    if (sealed) options.log(`sealed the identity of ${sealed} existing accounts`);
    // Data keys still under an older KEK (migration 010 moves them under KEK 0) go under the current one.
    const { rewrapped } = await withClient(databaseUrl, rewrapDataKeys);
    if (rewrapped) options.log(`re-wrapped ${rewrapped} data keys under the current key-encryption key`);
    // The demo seed runs on the embedded database by default, and on another
    // server only when asked for: demo accounts never appear by surprise.
    const wantSeed = options.seed === "yes" || (options.seed === "auto" && embedded !== undefined);
    const seeded = wantSeed ? await seedDemo(ownerUrl ?? databaseUrl, options.log) : false;
    return { databaseUrl, ownerUrl, embedded, seeded };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}

/**
 * On the embedded cluster, its bootstrap superuser creates the owner and app
 * roles (passwords generated into the data folder) and a database the owner
 * owns; a database from before the role split is handed to the owner.
 */
async function embeddedRoles(adminUrl: string, dataDir: string) {
  const passwords = {
    owner: readOrCreateSecret(path.join(dataDir, "owner-password")),
    app: readOrCreateSecret(path.join(dataDir, "app-password")),
  };
  await ensureRoles(adminUrl, passwords);
  const superuserUrl = await ensureDatabase(adminUrl, "hotel", { owner: OWNER_ROLE });
  await adoptDatabase(superuserUrl, "hotel");
  return {
    databaseUrl: urlAs(superuserUrl, APP_ROLE, passwords.app),
    ownerUrl: urlAs(superuserUrl, OWNER_ROLE, passwords.owner),
  };
}

/**
 * The app must not run as a superuser or as the schema's owner. In
 * production that refuses to start; in development the same role may still
 * migrate (a legacy single-role setup), with a warning. Returns the URL to
 * migrate with, if any.
 */
async function checkAppRole(
  databaseUrl: string,
  ownerUrl: string | undefined,
  options: { production?: boolean; log: (line: string) => void },
): Promise<string | undefined> {
  const unsafe = await withClient(databaseUrl, unsafeAppRole);
  if (!unsafe) return ownerUrl;
  const why =
    `DATABASE_URL connects as ${roleOf(databaseUrl)}, and ${unsafe}. The app must connect as a role that owns ` +
    "nothing; DATABASE_OWNER_URL names the owner, which runs the migrations (see the README's Database roles).";
  if (options.production) throw new Error(why);
  options.log(`warning: ${why}`);
  return ownerUrl ?? databaseUrl;
}

async function assertMigrated(databaseUrl: string): Promise<void> {
  const pending = await withClient(databaseUrl, pendingMigrations);
  if (pending.length > 0) {
    throw new Error(
      `the database lacks ${pending.length} migration(s) (${pending.join(", ")}). Run \`npm run db:migrate\` ` +
        "with DATABASE_OWNER_URL set to the role that owns the schema, or set DATABASE_OWNER_URL for the app too.",
    );
  }
}

/** `fn` on a connection of its own to `url`, closed afterwards. */
async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export { defaultDataDir } from "../db/project-root";
