// Applies the plain SQL migrations in db/migrations with node-pg-migrate.
import path from "node:path";
import pg from "pg";
import fs from "node:fs";
import { runner } from "node-pg-migrate";
import { grantAppPrivileges } from "./privileges";
import { projectRoot } from "./project-root";

const MIGRATIONS_DIR = path.join(projectRoot, "db", "migrations");

/**
 * Applies the pending migrations (or only the next `count` of them) as the
 * role of `databaseUrl`, which owns the schema; then grants `appRole`, when
 * given, exactly what db/privileges.ts says.
 */
export async function migrate(databaseUrl: string, options: { count?: number; appRole?: string } = {}): Promise<void> {
  await runner({
    databaseUrl,
    dir: MIGRATIONS_DIR,
    direction: "up",
    migrationsTable: "pgmigrations",
    count: options.count ?? Infinity,
    log: () => {},
    verbose: false,
  });
  if (options.appRole) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await grantAppPrivileges(client, options.appRole);
    } finally {
      await client.end();
    }
  }
}

/** Migrations in db/migrations that this database has not applied yet. */
export async function pendingMigrations(client: pg.ClientBase): Promise<string[]> {
  const files = fs
    .readdirSync(MIGRATIONS_DIR)
    .filter((file) => file.endsWith(".sql"))
    .map((file) => file.replace(/\.sql$/, ""));
  const { rows } = await client
    .query<{ name: string }>("SELECT name FROM pgmigrations")
    .catch(() => ({ rows: [] as { name: string }[] }));
  const applied = new Set(rows.map((row) => row.name));
  return files.filter((file) => !applied.has(file)).sort();
}

/** Creates `name` on the server behind `adminUrl` unless it exists; returns its URL. */
export async function ensureDatabase(
  adminUrl: string,
  name: string,
  options: { template?: string; owner?: string } = {},
): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (!rowCount) {
      await client.query(
        `CREATE DATABASE ${client.escapeIdentifier(name)}` +
          (options.template ? ` TEMPLATE ${client.escapeIdentifier(options.template)}` : "") +
          (options.owner ? ` OWNER ${client.escapeIdentifier(options.owner)}` : ""),
      );
    }
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
