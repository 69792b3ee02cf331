// Brings a database to life for the launcher, the CLI and the benchmark:
// the embedded PostgreSQL unless DATABASE_URL names another server, then
// migrations, then (when asked) the demo seed.
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { sealLegacyAccounts } from "../app/auth/identity.server";
import { generateMasterKey } from "../app/privacy/keys.server";
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

export function defaultDataDir(projectRoot: string): string {
  return process.env.HOTEL_DATA_DIR ? path.resolve(process.env.HOTEL_DATA_DIR) : path.join(projectRoot, ".data");
}

/**
 * The master key that protects guest data and second factors. Production
 * must bring its own (HOTEL_MASTER_KEY); development generates one into the
 * data folder on first start and keeps using it.
 */
export function ensureMasterKey(dataDir: string, production: boolean): "environment" | "data folder" {
  if (process.env.HOTEL_MASTER_KEY) return "environment";
  if (production) {
    throw new Error(
      "HOTEL_MASTER_KEY is not set. In production, provide 32 random bytes, base64-encoded " +
        "(for example: node -e \"console.log(require('crypto').randomBytes(32).toString('base64'))\").",
    );
  }
  const file = path.join(dataDir, "master-key");
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o755 });
  if (!fs.existsSync(file)) fs.writeFileSync(file, `${generateMasterKey()}\n`, { mode: 0o600 });
  process.env.HOTEL_MASTER_KEY = fs.readFileSync(file, "utf8").trim();
  return "data folder";
}
