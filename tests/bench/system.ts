// The system under test, as the benchmark sees it: the launcher started on a
// scratch data folder in a child process of its own, the two database URLs
// it made there (the app's role and the schema owner's), its memory read
// from /proc while each phase runs, sign-ins, and its /metrics counters.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { TOTP } from "otpauth";
import pg from "pg";
import { APP_ROLE, OWNER_ROLE } from "../../db/roles";
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, demoAccount } from "../../launcher/demo";

export const PROJECT_ROOT = fileURLToPath(new URL("../..", import.meta.url));

export type System = {
  url: string;
  /** How it was started, for the report. */
  command: string;
  pid: number;
  /** The app's own role: owns nothing. */
  appUrl: string;
  /** The schema owner: creates the ceiling's schema and bulk-loads the history. */
  ownerUrl: string;
  /** Bearer token of GET /metrics (HOTEL_METRICS_TOKEN in the system's environment). */
  metricsToken: string;
  rssMB: () => number;
  /** CPU seconds the system process has used so far. */
  cpuSeconds: () => number;
  /** Highest RSS seen during each phase, in the order the phases ran. */
  memory: Map<string, number>;
  /** How the system process ended, if it did before stop(): "signal SIGTERM", "code 1". */
  ended: () => string | undefined;
  stop: () => Promise<void>;
};

/**
 * How the system is started, in one place: the built launcher with plain
 * Node when the build made one, else server.ts through tsx. Never through
 * npm, so the child's pid is the system's own process.
 */
export function systemCommand(): { command: string; args: string[] } {
  if (fs.existsSync(path.join(PROJECT_ROOT, "build/server.js"))) {
    // Node's flags exactly as `npm start` gives them (the heap's size among them).
    const start = (
      JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")) as {
        scripts: Record<string, string>;
      }
    ).scripts.start;
    const flags = /\bnode((?:\s+--[\w-]+(?:=\S+)?)*)\s+build\/server\.js/.exec(start)?.[1].trim().split(/\s+/) ?? [];
    return { command: process.execPath, args: [...flags.filter(Boolean), "build/server.js"] };
  }
  return { command: process.execPath, args: ["--import", "tsx", "server.ts"] };
}

export async function startSystem(dataDir: string): Promise<System> {
  // An external database or sync service would not be the system on a scratch folder.
  const { DATABASE_URL: _db, DATABASE_OWNER_URL: _owner, ELECTRIC_URL: _electric, ...env } = process.env;
  const metricsToken = randomBytes(24).toString("base64url");
  const { command, args } = systemCommand();
  const child = spawn(command, args, {
    cwd: PROJECT_ROOT,
    env: {
      ...env,
      HOTEL_DATA_DIR: dataDir,
      PORT: "0",
      NODE_ENV: "production",
      HOTEL_PUBLIC_URL: "http://127.0.0.1/",
      LOG_LEVEL: "warn",
      // Rate limits would cap one benchmark client at a guest's pace: off, and the report says so.
      HOTEL_RATE_LIMITS: "off",
      HOTEL_MASTER_KEY: randomBytes(32).toString("base64"),
      ELECTRIC_SECRET: randomBytes(16).toString("hex"),
      HOTEL_METRICS_TOKEN: metricsToken,
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /ready: open (http:\/\/\S+\/)/.exec(output);
      if (match) resolve(match[1]);
    });
    child.on("exit", (code) => reject(new Error(`the system exited with ${code}:\n${output}`)));
  });
  // Keep reading, or a chatty system would block on a full pipe.
  child.stdout!.resume();
  let ended: string | undefined;
  child.on("exit", (code, signal) => (ended = signal ? `signal ${signal}` : `code ${code}`));
  const port = /embedded PostgreSQL on port (\d+)/.exec(output)?.[1];
  if (!port) throw new Error(`the system did not say which port its PostgreSQL listens on:\n${output}`);
  const secret = (name: string) => fs.readFileSync(path.join(dataDir, name), "utf8").trim();
  const databaseUrl = (role: string, password: string) =>
    `postgres://${role}:${encodeURIComponent(password)}@127.0.0.1:${port}/hotel`;

  const pid = child.pid!;
  const stop = () =>
    new Promise<void>((resolve) => {
      child.removeAllListeners("exit");
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.on("exit", () => resolve());
      child.kill("SIGTERM");
    });
  const rssMB = () => {
    try {
      const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
      return (Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024) / 1e6;
    } catch {
      return 0;
    }
  };
  const cpuSeconds = () => {
    // utime and stime, fields 14 and 15, in clock ticks (100 a second on Linux); the name may hold spaces.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  };
  return {
    url,
    command: [path.basename(command), ...args].join(" "),
    pid,
    appUrl: databaseUrl(APP_ROLE, secret("app-password")),
    ownerUrl: databaseUrl(OWNER_ROLE, secret("owner-password")),
    metricsToken,
    rssMB,
    cpuSeconds,
    memory: new Map(),
    ended: () => ended,
    stop,
  };
}

/**
 * `run` on a connection of its own to `url`, closed afterwards. Should the
 * server end the connection (the system stopped under the bench), the query
 * using it fails; an idle connection's error event does not crash the bench.
 */
export async function withDatabase<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => {});
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Runs one phase while sampling the system's RSS every 200 ms; the highest goes into system.memory. */
export async function phase<T>(system: System, name: string, run: () => Promise<T>): Promise<T> {
  let max = system.rssMB();
  const timer = setInterval(() => (max = Math.max(max, system.rssMB())), 200);
  try {
    return await run();
  } finally {
    clearInterval(timer);
    system.memory.set(name, Math.max(max, system.rssMB(), system.memory.get(name) ?? 0));
  }
}

/**
 * Waits until the system process has used under a tenth of a CPU for
 * `quietSeconds` running (requests a client gave up on at the end of a phase
 * are still being served until then), or `timeoutSeconds` passed. Returns
 * the seconds waited.
 */
export async function waitForIdle(system: System, quietSeconds = 1, timeoutSeconds = 60): Promise<number> {
  const started = performance.now();
  const step = 0.25;
  let quiet = 0;
  while (quiet < quietSeconds && performance.now() - started < timeoutSeconds * 1000) {
    const cpu = system.cpuSeconds();
    await new Promise((resolve) => setTimeout(resolve, step * 1000));
    quiet = system.cpuSeconds() - cpu < step / 10 ? quiet + step : 0;
  }
  return (performance.now() - started) / 1000;
}

/** The demo guest's bearer token. */
export async function guestToken(system: System): Promise<string> {
  return signIn(system, { email: demoAccount("guest").email, password: DEMO_PASSWORD });
}

/** The demo manager's bearer token (staff sign in with a TOTP code; the demo secret is public). */
export async function managerToken(system: System): Promise<string> {
  const totp = new TOTP({ secret: DEMO_TOTP_SECRET, digits: 6, period: 30, algorithm: "SHA1" });
  return signIn(system, { email: demoAccount("manager").email, password: DEMO_PASSWORD, totp: totp.generate() });
}

async function signIn(system: System, body: Record<string, string>): Promise<string> {
  const response = await fetch(`${system.url}api/v1/sessions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (response.status !== 201) throw new Error(`sign-in as ${body.email} failed: ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

/**
 * The system's counters from GET /metrics (Prometheus text), each name summed
 * over its labels; undefined when the endpoint is not there (404).
 */
export async function readMetrics(system: System): Promise<Map<string, number> | undefined> {
  const response = await fetch(`${system.url}metrics`, {
    headers: { authorization: `Bearer ${system.metricsToken}` },
  });
  if (response.status === 404) return undefined;
  if (response.status !== 200) throw new Error(`GET /metrics answered ${response.status}`);
  const totals = new Map<string, number>();
  for (const line of (await response.text()).split("\n")) {
    const match = /^([A-Za-z_:][\w:]*)(?:\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const value = Number(match[2]);
    if (Number.isFinite(value)) totals.set(match[1], (totals.get(match[1]) ?? 0) + value);
  }
  return totals;
}
