// `npm run bench`: starts the whole system on a scratch data folder and
// prints, in one run:
//   - confirmed bookings per second through POST /api/v1/bookings at 32 clients,
//   - availability searches per second with p50/p99 latency,
//   - the ceiling: the same reservation insert done directly in SQL on the
//     same database at 32 connections, and the ratio API/SQL,
//   - live data: time from an API booking's answer (its commit is just
//     before) to its arrival at 1, 50 and 200 concurrent shape subscribers
//     (@electric-sql/client through the authenticated proxy), p50/p99, and
//     the system process's memory with 200 subscribers.
// Figures are printed, never asserted.
import { spawn } from "node:child_process";
import { setMaxListeners } from "node:events";
import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ShapeStream, type Row } from "@electric-sql/client";
import autocannon from "autocannon";
import { TOTP } from "otpauth";
import pg from "pg";
import { addDays } from "../../app/booking/dates";
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, demoAccount } from "../../launcher/demo";

const CONNECTIONS = 32;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);

type Property = { id: string; timeZone: string; roomTypes: { id: string; capacity: number }[] };

async function startSystem(dataDir: string) {
  const { DATABASE_URL: _ignored, ...env } = process.env;
  const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    // Rate limits would cap one benchmark client at a guest's pace: off, and said so.
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
  });
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /ready: open (http:\/\/\S+\/)/.exec(output);
      if (match) resolve(match[1]);
    });
    child.on("exit", (code) => reject(new Error(`system exited with ${code}:\n${output}`)));
  });
  const port = /embedded PostgreSQL on port (\d+)/.exec(output)?.[1];
  const password = fs.readFileSync(path.join(dataDir, "postgres-password"), "utf8").trim();
  const databaseUrl = `postgres://hotel:${encodeURIComponent(password)}@127.0.0.1:${port}/hotel`;
  const stop = () =>
    new Promise<void>((resolve) => {
      child.removeAllListeners("exit");
      child.on("exit", () => resolve());
      child.kill("SIGTERM");
    });
  const rssMiB = () => {
    const status = fs.readFileSync(`/proc/${child.pid}/status`, "utf8");
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  };
  return { url, databaseUrl, stop, rssMiB };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/**
 * N subscribers to one reservations shape, through the proxy as browsers do;
 * then bookings one after another, each timed from the API's 201 to its
 * arrival (matched by txid) at every subscriber.
 */
/** The demo manager's bearer token, signed in once for every phase. */
async function managerToken(system: Awaited<ReturnType<typeof startSystem>>): Promise<string> {
  const totp = new TOTP({ secret: DEMO_TOTP_SECRET, digits: 6, period: 30, algorithm: "SHA1" });
  const session = await fetch(`${system.url}api/v1/sessions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: demoAccount("manager").email, password: DEMO_PASSWORD, totp: totp.generate() }),
  });
  if (session.status !== 201) throw new Error(`manager sign-in failed: ${session.status} ${await session.text()}`);
  return ((await session.json()) as { token: string }).token;
}

async function shapeLatency(
  system: Awaited<ReturnType<typeof startSystem>>,
  property: Property,
  guestToken: string,
  token: string,
  subscribers: number,
  firstDay: string,
) {
  const controller = new AbortController();
  // Every subscriber listens on this one signal.
  setMaxListeners(0, controller.signal);
  const arrivals: Map<string, number>[] = [];
  const ready: Promise<void>[] = [];
  for (let i = 0; i < subscribers; i++) {
    const seen = new Map<string, number>();
    arrivals.push(seen);
    const stream = new ShapeStream<Row>({
      url: `${system.url}shapes/reservations`,
      params: { propertyId: property.id, from: firstDay, to: addDays(firstDay, 60) },
      headers: { authorization: `Bearer ${token}` },
      signal: controller.signal,
    });
    ready.push(
      new Promise((resolve) => {
        stream.subscribe((messages) => {
          const now = performance.now();
          for (const message of messages) {
            const txids = (message.headers as { txids?: number[] }).txids ?? [];
            for (const txid of txids) if (!seen.has(String(txid))) seen.set(String(txid), now);
          }
          if (stream.isUpToDate) resolve();
        });
      }),
    );
  }
  await Promise.all(ready);
  const latencies: number[] = [];
  let lost = 0;
  const BOOKINGS = 20;
  for (let i = 0; i < BOOKINGS; i++) {
    const type = random(property.roomTypes);
    const response = await fetch(`${system.url}api/v1/bookings`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${guestToken}`,
        "idempotency-key": randomUUID(),
      },
      body: JSON.stringify({ propertyId: property.id, roomTypeId: type.id, ...randomStay(firstDay, 55), adults: 1 }),
    });
    const answered = performance.now();
    if (response.status !== 201) continue;
    const { txid } = (await response.json()) as { txid: string };
    const deadline = answered + 10_000;
    while (arrivals.some((seen) => !seen.has(txid)) && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    for (const seen of arrivals) {
      const at = seen.get(txid);
      if (at === undefined) lost++;
      // Arriving before the 201 itself counts as no delay.
      else latencies.push(Math.max(0, at - answered));
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const rss = system.rssMiB();
  controller.abort();
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), samples: latencies.length, lost, rss };
}

function random<T>(items: T[]): T {
  return items[Math.floor(Math.random() * items.length)];
}

function randomStay(firstDay: string, spanDays: number) {
  const start = Math.floor(Math.random() * spanDays);
  const nights = 1 + Math.floor(Math.random() * 3);
  return { checkIn: addDays(firstDay, start), checkOut: addDays(firstDay, start + nights) };
}

async function run(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

function count(result: autocannon.Result, status: number): number {
  const stats = (result as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats;
  return stats?.[String(status)]?.count ?? 0;
}

/** Every other status code and how often it came, e.g. "2 × 503"; "no other answers" when none. */
function otherStatuses(result: autocannon.Result, expected: number[]): string {
  const stats = (result as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {};
  const others = Object.entries(stats).filter(([status]) => !expected.includes(Number(status)));
  const errors = result.errors ? [`${result.errors} connection errors`] : [];
  const parts = [...others.map(([status, { count: n }]) => `${n} × ${status}`), ...errors];
  return parts.length ? parts.join(", ") : "no other answers";
}

async function sqlCeiling(databaseUrl: string, property: Property, firstDay: string, spanDays: number) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: CONNECTIONS });
  pool.on("error", () => {});
  const { rows } = await pool.query<{ id: string }>(`SELECT id FROM rate_plans WHERE property_id = $1 AND is_default`, [
    property.id,
  ]);
  const ratePlanId = rows[0].id;
  let confirmed = 0;
  let soldOut = 0;
  let retries = 0;
  const deadline = Date.now() + SECONDS * 1000;
  const worker = async () => {
    const client = await pool.connect();
    try {
      while (Date.now() < deadline) {
        const type = random(property.roomTypes);
        const stay = randomStay(firstDay, spanDays);
        for (let attempt = 1; ; attempt++) {
          try {
            await client.query("BEGIN ISOLATION LEVEL SERIALIZABLE; SET LOCAL enable_seqscan = off");
            const result = await client.query(
              `WITH candidate AS MATERIALIZED (
                 SELECT r.id FROM rooms r
                  WHERE r.room_type_id = $1 AND NOT r.out_of_order
                  ORDER BY cardinality(r.accessibility), hashtext(r.id::text || $2::text)
               ), room AS (
                 SELECT r.id FROM candidate c JOIN rooms r ON r.id = c.id
                  WHERE NOT EXISTS (SELECT 1 FROM reservations x WHERE x.room_id = c.id
                                      AND x.check_out > $2::date AND x.check_in < $3::date
                                      AND x.status IN ('held', 'confirmed', 'checked_in'))
                  LIMIT 1 FOR UPDATE OF r SKIP LOCKED
               ), booking AS (
                 INSERT INTO bookings (reference, property_id, channel, currency)
                 SELECT upper(substr(md5(random()::text), 1, 4) || '-' || substr(md5(random()::text), 1, 4)),
                        $4, 'online', 'EUR' FROM room
                 RETURNING id
               )
               INSERT INTO reservations (booking_id, property_id, room_type_id, room_id, rate_plan_id,
                                         check_in, check_out, adults, status, price)
               SELECT booking.id, $4, $1, room.id, $5, $2::date, $3::date, 1, 'confirmed', 10000 FROM booking, room`,
              [type.id, stay.checkIn, stay.checkOut, property.id, ratePlanId],
            );
            await client.query("COMMIT");
            if (result.rowCount) confirmed++;
            else soldOut++;
            break;
          } catch (error) {
            await client.query("ROLLBACK");
            const code = (error as { code?: string }).code;
            if (code === "40001" || code === "40P01" || code === "23P01" || code === "23505") {
              // The same jittered back-off as the application's transaction helper.
              retries++;
              const backoff = Math.min(100, 2 ** attempt) * (0.5 + Math.random());
              await new Promise((resolve) => setTimeout(resolve, backoff));
              continue;
            }
            throw error;
          }
        }
      }
    } finally {
      client.release();
    }
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  const seconds = (Date.now() - started) / 1000;
  await pool.end();
  return { perSecond: confirmed / seconds, confirmed, soldOut, retries };
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hotel-bench-"));
  fs.chmodSync(dataDir, 0o755);
  console.log(
    `bench: ${os.cpus().length} cores, Node ${process.version}, ${CONNECTIONS} clients, ${SECONDS}s per phase`,
  );
  console.log(`bench: starting the system on scratch data folder ${dataDir} (rate limits off)`);
  const system = await startSystem(dataDir);
  try {
    const properties = (await (await fetch(`${system.url}api/v1/properties`)).json()) as { properties: Property[] };
    const property = properties.properties[0];
    const login = (await (
      await fetch(`${system.url}api/v1/sessions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: demoAccount("guest").email, password: DEMO_PASSWORD }),
      })
    ).json()) as { token: string };
    const today = new Date().toISOString().slice(0, 10);
    const pgVersion = await (async () => {
      const client = new pg.Client({ connectionString: system.databaseUrl });
      await client.connect();
      const { rows } = await client.query<{ v: string }>("SELECT current_setting('server_version') AS v");
      await client.end();
      return rows[0].v;
    })();
    console.log(`bench: PostgreSQL ${pgVersion}, ${property.roomTypes.length} room types`);

    // Live data first, on a quiet system: commit-to-arrival at 1, 50 and 200 subscribers.
    const idleRss = system.rssMiB();
    const manager = await managerToken(system);
    for (const [index, subscribers] of [1, 50, 200].entries()) {
      const live = await shapeLatency(
        system,
        property,
        login.token,
        manager,
        subscribers,
        addDays(today, 1 + index * 61),
      );
      console.log(
        `Shape delivery to ${subscribers} subscriber(s): p50 ${live.p50.toFixed(1)} ms, p99 ${live.p99.toFixed(1)} ms ` +
          `after the API's 201 (${live.samples} arrivals, ${live.lost} missing); system RSS ${live.rss.toFixed(0)} MiB ` +
          `(idle ${idleRss.toFixed(0)} MiB)`,
      );
    }

    // Bookings: distinct stays over 16 months, so most attempts can succeed.
    const bookingWindow = addDays(today, 30);
    const bookings = await run({
      url: system.url,
      connections: CONNECTIONS,
      duration: SECONDS,
      requests: [
        {
          method: "POST",
          path: "/api/v1/bookings",
          setupRequest: (request) => {
            const type = random(property.roomTypes);
            return {
              ...request,
              headers: {
                "content-type": "application/json",
                authorization: `Bearer ${login.token}`,
                "idempotency-key": randomUUID(),
              },
              body: JSON.stringify({
                propertyId: property.id,
                roomTypeId: type.id,
                ...randomStay(bookingWindow, 240),
                adults: 1,
              }),
            };
          },
        },
      ],
    });
    const seconds = bookings.duration;
    const created = count(bookings, 201);
    console.log(
      `API bookings: ${(created / seconds).toFixed(1)} confirmed/s (${created} confirmed, ${count(bookings, 409)} sold out, ` +
        `${otherStatuses(bookings, [201, 409])}), latency p50 ${bookings.latency.p50} ms, p99 ${bookings.latency.p99} ms`,
    );

    const searches = await run({
      url: system.url,
      connections: CONNECTIONS,
      duration: SECONDS,
      requests: [
        {
          method: "GET",
          setupRequest: (request) => {
            const stay = randomStay(addDays(today, 1), 300);
            return {
              ...request,
              path: `/api/v1/availability?propertyId=${property.id}&checkIn=${stay.checkIn}&checkOut=${stay.checkOut}&adults=2`,
            };
          },
        },
      ],
    });
    console.log(
      `API availability: ${(count(searches, 200) / searches.duration).toFixed(1)} searches/s, ` +
        `latency p50 ${searches.latency.p50} ms, p99 ${searches.latency.p99} ms (${searches.non2xx} errors)`,
    );

    // The ceiling, on days the API phase did not touch.
    const ceiling = await sqlCeiling(system.databaseUrl, property, addDays(today, 290), 240);
    console.log(
      `SQL ceiling: ${ceiling.perSecond.toFixed(1)} confirmed/s (${ceiling.confirmed} confirmed, ${ceiling.soldOut} sold out, ` +
        `${ceiling.retries} retries) — same allocation and insert, 32 direct connections`,
    );
    console.log(`ratio API/SQL: ${((created / seconds / ceiling.perSecond) * 100).toFixed(0)}%`);
  } catch (error) {
    console.error("bench failed:", error);
    process.exitCode = 1;
  } finally {
    await system.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
