// Brings a database to life for the launcher, the CLI and the benchmark:
// the embedded PostgreSQL unless DATABASE_URL names another server, then
// migrations, then (when asked) the demo seed.
import path from "node:path";
import pg from "pg";
import { sealLegacyAccounts } from "../app/auth/identity.server";
import { rewrapDataKeys } from "../app/privacy/data-keys.server";
import { startEmbeddedPostgres, type RunningPostgres } from "./embedded";
import { ensureDatabase, migrate } from "./migrate";
import { seedDemo } from "./seed";

export type DatabaseSetup = {
  databaseUrl: string;
  embedded?: RunningPostgres;
  seeded: boolean;
};

export async function setUpDatabase(options: {
  databaseUrl?: string;
  dataDir: string;
  pgPort?: number;
  seed: "auto" | "yes" | "no";
  log: (line: string) => void;
  pgLog?: (line: string) => void;
}): Promise<DatabaseSetup> {
  let databaseUrl = options.databaseUrl;
  let embedded: RunningPostgres | undefined;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres({ dataDir: options.dataDir, port: options.pgPort, log: options.pgLog });
    if (embedded.relocatedBecause) {
      options.log(
        `PostgreSQL cluster placed at ${embedded.clusterDir} because ${embedded.relocatedBecause} ` +
          `(the data folder ${path.resolve(options.dataDir)} keeps its keys).`,
      );
    }
    databaseUrl = await ensureDatabase(embedded.adminUrl, "hotel");
  }
  try {
    await migrate(databaseUrl);
    const sealed = await sealLegacyAccountsAt(databaseUrl);
    if (sealed) options.log(`sealed the identity of ${sealed} existing accounts`);
    // Data keys still under an older KEK (migration 010 moves them under KEK 0) go under the current one.
    const { rewrapped } = await rewrapDataKeysAt(databaseUrl);
    if (rewrapped) options.log(`re-wrapped ${rewrapped} data keys under the current key-encryption key`);
    // The demo seed runs on the embedded database by default, and on another
    // server only when asked for: demo accounts never appear by surprise.
    const wantSeed = options.seed === "yes" || (options.seed === "auto" && embedded !== undefined);
    const seeded = wantSeed ? await seedDemo(databaseUrl, options.log) : false;
    return { databaseUrl, embedded, seeded };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}

async function sealLegacyAccountsAt(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await sealLegacyAccounts(client);
  } finally {
    await client.end();
  }
}

async function rewrapDataKeysAt(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await rewrapDataKeys(client);
  } finally {
    await client.end();
  }
}

export function defaultDataDir(projectRoot: string): string {
  return process.env.HOTEL_DATA_DIR ? path.resolve(process.env.HOTEL_DATA_DIR) : path.join(projectRoot, ".data");
}
