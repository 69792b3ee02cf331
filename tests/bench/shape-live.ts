// `npx tsx tests/bench/shape-live.ts [subscribers...]`: live delivery alone,
// the shapeLatency phase of tests/bench/bench.ts with the clock started at
// each booking POST's start (what a person at the desk sees), plus the time
// from the 201 for comparison with the full bench. Starts the system (after
// `npm run build`) on a scratch data folder; SHAPE_LIVE_PROF=dir adds
// `--cpu-prof --cpu-prof-dir=dir` to it. Figures are printed, never asserted.
import { spawn } from "node:child_process";
import { setMaxListeners } from "node:events";
import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ShapeStream, type Row } from "@electric-sql/client";
import { TOTP } from "otpauth";
import { addDays } from "../../app/booking/dates";
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, demoAccount } from "../../launcher/demo";

type Property = { id: string; roomTypes: { id: string }[] };
const BOOKINGS = Number(process.env.SHAPE_LIVE_BOOKINGS ?? 20);

async function startSystem(dataDir: string) {
  const { DATABASE_URL: _ignored, ...env } = process.env;
  const profile = process.env.SHAPE_LIVE_PROF;
  const child = spawn(
    process.execPath,
    [...(profile ? ["--cpu-prof", `--cpu-prof-dir=${profile}`] : []), "--import", "tsx", "server.ts"],
    {
      env: {
        ...env,
        HOTEL_DATA_DIR: dataDir,
        PORT: "0",
        NODE_ENV: "production",
        HOTEL_PUBLIC_URL: "http://127.0.0.1/",
        LOG_LEVEL: "warn",
        HOTEL_RATE_LIMITS: "off",
        HOTEL_MASTER_KEY: randomBytes(32).toString("base64"),
        ELECTRIC_SECRET: randomBytes(16).toString("hex"),
      },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /ready: open (http:\/\/\S+\/)/.exec(output);
      if (match) resolve(match[1]);
    });
    child.on("exit", (code) => reject(new Error(`system exited with ${code}:\n${output}`)));
  });
  // Gone before we stopped it: say so, rather than wait for subscribers that cannot come.
  child.removeAllListeners("exit");
  child.on("exit", (code, signal) => {
    console.error(`the system exited by itself (${signal ?? code}):\n${output.slice(-2000)}`);
    process.exit(1);
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      const started = performance.now();
      child.removeAllListeners("exit");
      child.on("exit", (code) => {
        console.log(`system stopped in ${((performance.now() - started) / 1000).toFixed(1)} s (exit code ${code})`);
        resolve();
      });
      child.kill("SIGTERM");
    });
  const rssMiB = () => {
    const status = fs.readFileSync(`/proc/${child.pid}/status`, "utf8");
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  };
  /** CPU time the system process has used, in ms (user + system). */
  const cpuMs = () => {
    const fields = fs.readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1].split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  };
  return { url, stop, rssMiB, cpuMs };
}

async function signIn(url: string, role: "guest" | "manager"): Promise<string> {
  const totp = new TOTP({ secret: DEMO_TOTP_SECRET, digits: 6, period: 30, algorithm: "SHA1" });
  const response = await fetch(`${url}api/v1/sessions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      email: demoAccount(role).email,
      password: DEMO_PASSWORD,
      ...(role === "guest" ? {} : { totp: totp.generate() }),
    }),
  });
  if (response.status !== 201) throw new Error(`${role} sign-in failed: ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function live(
  system: Awaited<ReturnType<typeof startSystem>>,
  property: Property,
  guest: string,
  manager: string,
  subscribers: number,
  firstDay: string,
) {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  const arrivals: Map<string, number>[] = [];
  const ready: Promise<void>[] = [];
  let requests = 0;
  for (let i = 0; i < subscribers; i++) {
    const seen = new Map<string, number>();
    arrivals.push(seen);
    const stream = new ShapeStream<Row>({
      url: `${system.url}shapes/reservations`,
      params: { propertyId: property.id, from: firstDay, to: addDays(firstDay, 60) },
      headers: { authorization: `Bearer ${manager}` },
      signal: controller.signal,
      fetchClient: (input, init) => {
        requests++;
        return fetch(input, init);
      },
    });
    ready.push(
      new Promise((resolve) => {
        stream.subscribe((messages) => {
          const now = performance.now();
          for (const message of messages)
            for (const txid of (message.headers as { txids?: number[] }).txids ?? [])
              if (!seen.has(String(txid))) seen.set(String(txid), now);
          if (stream.isUpToDate) resolve();
        });
      }),
    );
  }
  await Promise.all(ready);
  const fromPost: number[] = [];
  const from201: number[] = [];
  const posts: number[] = [];
  let lost = 0;
  let peakRss = system.rssMiB();
  const cpuBefore = system.cpuMs();
  const clientBefore = process.cpuUsage();
  const requestsBefore = requests;
  for (let i = 0; i < BOOKINGS; i++) {
    const type = property.roomTypes[Math.floor(Math.random() * property.roomTypes.length)];
    const start = 1 + Math.floor(Math.random() * 55);
    const started = performance.now();
    const response = await fetch(`${system.url}api/v1/bookings`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${guest}`,
        "idempotency-key": randomUUID(),
      },
      body: JSON.stringify({
        propertyId: property.id,
        roomTypeId: type.id,
        checkIn: addDays(firstDay, start),
        checkOut: addDays(firstDay, start + 1 + Math.floor(Math.random() * 3)),
        adults: 1,
      }),
    });
    const answered = performance.now();
    if (response.status !== 201) continue;
    posts.push(answered - started);
    const { txid } = (await response.json()) as { txid: string };
    const deadline = answered + 10_000;
    while (arrivals.some((seen) => !seen.has(txid)) && performance.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 2));
    for (const seen of arrivals) {
      const at = seen.get(txid);
      if (at === undefined) lost++;
      else {
        fromPost.push(at - started);
        from201.push(Math.max(0, at - answered));
      }
    }
    peakRss = Math.max(peakRss, system.rssMiB());
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const cpuPerBooking = (system.cpuMs() - cpuBefore) / BOOKINGS;
  const client = process.cpuUsage(clientBefore);
  const clientCpuPerBooking = (client.user + client.system) / 1000 / BOOKINGS;
  const requestsPerBooking = (requests - requestsBefore) / BOOKINGS;
  controller.abort();
  return { fromPost, from201, posts, lost, peakRss, cpuPerBooking, clientCpuPerBooking, requestsPerBooking };
}

async function main() {
  const counts = process.argv.slice(2).map(Number);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hotel-shape-live-"));
  fs.chmodSync(dataDir, 0o755);
  const system = await startSystem(dataDir);
  try {
    const { properties } = (await (await fetch(`${system.url}api/v1/properties`)).json()) as {
      properties: Property[];
    };
    const guest = await signIn(system.url, "guest");
    const manager = await signIn(system.url, "manager");
    const today = new Date().toISOString().slice(0, 10);
    const idle = system.rssMiB();
    for (const [index, subscribers] of (counts.length ? counts : [1, 50, 200]).entries()) {
      const r = await live(system, properties[0], guest, manager, subscribers, addDays(today, 1 + index * 61));
      const f = (values: number[]) =>
        `p50 ${percentile(values, 50).toFixed(1)} p99 ${percentile(values, 99).toFixed(1)}`;
      console.log(
        `${String(subscribers).padStart(3)} subscribers: from POST start ${f(r.fromPost)} ms; from 201 ${f(r.from201)} ms; ` +
          `POST ${f(r.posts)} ms; CPU a booking: system ${r.cpuPerBooking.toFixed(0)} ms, subscribers ${r.clientCpuPerBooking.toFixed(0)} ms; ${r.requestsPerBooking.toFixed(0)} shape requests a booking; ${r.fromPost.length} arrivals, ${r.lost} missing; RSS peak ${r.peakRss.toFixed(0)} MiB (idle ${idle.toFixed(0)})`,
      );
    }
  } finally {
    await system.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

// Out at once: the aborted streams' timers would otherwise keep the process for half a minute.
main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
