// `npm start`'s launcher as a newcomer meets it: embedded PostgreSQL in the
// data folder, migrations, demo seed, the server on a port, a clean stop on
// SIGTERM, and the data still there on the next start; then the same from
// build/server.js, the bundle `npm start` runs with plain Node. As root, the
// data folder sits under a root-only folder, so the cluster must be
// relocated to where the postgres user can reach it.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { ensureDatabase } from "../../db/migrate";
import { APP_ROLE, OWNER_ROLE, urlAs } from "../../db/roles";
import { start, stop, stopAll } from "../server-process";

async function api(url: string, method: string, body?: unknown, token?: string, key?: string) {
  const response = await fetch(url, {
    method,
    headers: {
      ...(body ? { "content-type": "application/json" } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(key ? { "idempotency-key": key } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, json: (await response.json().catch(() => undefined)) as any };
}

const asRoot = process.getuid?.() === 0;
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "hotel-launcher-"));
// Root-only, like root's home: the postgres user cannot pass through it.
fs.chmodSync(scratch, asRoot ? 0o700 : 0o755);
const dataDir = path.join(scratch, "data");

afterAll(async () => {
  stopAll();
  fs.rmSync(scratch, { recursive: true, force: true });
});

describe("npm start", () => {
  it("starts on embedded Postgres with the demo, stops cleanly, and keeps the data", async () => {
    const metricsToken = randomBytes(24).toString("hex");
    const first = await start({ HOTEL_DATA_DIR: dataDir, HOTEL_METRICS_TOKEN: metricsToken });
    expect(first.output()).toMatch(/demo data seeded/);
    expect(first.output()).toMatch(/guest@example\.com/);
    expect(fs.statSync(path.join(dataDir, "master-key")).mode & 0o777).toBe(0o600);
    const relocated = /PostgreSQL cluster placed at (\S+) because/.exec(first.output());
    if (asRoot) expect(relocated, first.output()).not.toBeNull();

    const page = await fetch(first.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Harbour Light Hotel");
    expect((await fetch(`${first.url}healthz`)).status).toBe(200);

    const login = await api(`${first.url}api/v1/sessions`, "POST", {
      email: "guest@example.com",
      password: "hotel-demo-2026!",
    });
    expect(login.status).toBe(201);
    const { json: listing } = await api(`${first.url}api/v1/properties`, "GET");
    const property = listing.properties[0];
    expect(property.roomTypes.length).toBeGreaterThanOrEqual(4);
    const checkIn = new Date(Date.now() + 200 * 86_400_000).toISOString().slice(0, 10);
    const checkOut = new Date(Date.now() + 202 * 86_400_000).toISOString().slice(0, 10);
    // Searches are answered in front of Express (ADR 023): whole, with an entity tag, and 304 to a client that has it.
    const search = `${first.url}api/v1/availability?propertyId=${property.id}&checkIn=${checkIn}&checkOut=${checkOut}&adults=1`;
    const before = await fetch(search);
    const beforeBody = await before.text();
    expect(before.status).toBe(200);
    expect(before.headers.get("content-length")).toBe(String(Buffer.byteLength(beforeBody)));
    expect(before.headers.get("content-security-policy")).toMatch(/^default-src 'none'/);
    expect(before.headers.get("x-content-type-options")).toBe("nosniff");
    expect(before.headers.get("cache-control")).toBe("no-cache");
    const etag = before.headers.get("etag")!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const kept = await fetch(search, { headers: { "if-none-match": `W/"other", ${etag}` } });
    expect(kept.status).toBe(304);
    expect(await kept.text()).toBe("");
    const free = (body: string) =>
      JSON.parse(body).roomTypes.find((t: { id: string }) => t.id === property.roomTypes[0].id).available;
    const booked = await api(
      `${first.url}api/v1/bookings`,
      "POST",
      { propertyId: property.id, roomTypeId: property.roomTypes[0].id, checkIn, checkOut, adults: 1 },
      login.json.token,
      "launcher-test",
    );
    expect(booked.status).toBe(201);
    // The live copy has the booking within moments; the old tag no longer matches and the room is gone.
    let after: Response;
    const deadline = Date.now() + 10_000;
    do after = await fetch(search, { headers: { "if-none-match": etag } });
    while (
      after.status === 304 &&
      Date.now() < deadline &&
      (await new Promise((r) => setTimeout(r, 50))) === undefined
    );
    expect(after.status).toBe(200);
    expect(free(await after.text())).toBe(free(beforeBody) - 1);

    // The counters: only to the metrics token, and they count the booking just made.
    expect((await fetch(`${first.url}metrics`)).status).toBe(401);
    expect(
      (await fetch(`${first.url}metrics`, { headers: { authorization: `Bearer ${login.json.token}` } })).status,
    ).toBe(401);
    const metrics = await fetch(`${first.url}metrics`, { headers: { authorization: `Bearer ${metricsToken}` } });
    expect(metrics.status).toBe(200);
    const text = await metrics.text();
    expect(text).toMatch(/^hotel_bookings_decided_total 1$/m);
    expect(text).toMatch(/^hotel_booking_retries_total 0$/m);

    expect(await stop(first)).toBe(0);
    expect(first.output()).toMatch(/stopped/);
    const clusterDir = relocated ? relocated[1] : path.join(dataDir, "pgdata");
    expect(fs.existsSync(path.join(clusterDir, "postmaster.pid"))).toBe(false);

    const second = await start({ HOTEL_DATA_DIR: dataDir });
    expect(second.output()).not.toMatch(/demo data seeded/);
    const again = await api(`${second.url}api/v1/sessions`, "POST", {
      email: "guest@example.com",
      password: "hotel-demo-2026!",
    });
    const read = await api(
      `${second.url}api/v1/bookings/${booked.json.booking.reference}`,
      "GET",
      undefined,
      again.json.token,
    );
    expect(read.status).toBe(200);
    expect(await stop(second)).toBe(0);
    if (relocated) fs.rmSync(path.dirname(relocated[1]), { recursive: true, force: true });
  });

  it("runs the same from build/server.js with plain Node, finding its files from the project's folder", async () => {
    const running = await start({ HOTEL_DATA_DIR: path.join(scratch, "built") }, { built: true });
    expect(running.output()).toMatch(/demo data seeded/);
    const relocated = /PostgreSQL cluster placed at (\S+) because/.exec(running.output());
    if (asRoot) expect(relocated, running.output()).not.toBeNull();

    const page = await fetch(running.url);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain("Harbour Light Hotel");
    const script = /"(\/build\/[^"]+\.js)"/.exec(html);
    expect(script, "the page names no script under /build").not.toBeNull();
    expect((await fetch(new URL(script![1], running.url))).status).toBe(200);
    expect((await fetch(`${running.url}healthz`)).status).toBe(200);
    const { json } = await api(`${running.url}api/v1/properties`, "GET");
    expect(json.properties[0].name).toBe("Harbour Light Hotel");

    expect(await stop(running)).toBe(0);
    expect(running.output()).toMatch(/stopped/);
    if (relocated) fs.rmSync(path.dirname(relocated[1]), { recursive: true, force: true });
  });

  it("uses DATABASE_URL instead when given, and never seeds demo accounts there by itself", async () => {
    const superuserUrl = await ensureDatabase(inject("adminUrl"), `ext_${randomBytes(4).toString("hex")}`, {
      owner: OWNER_ROLE,
    });
    const url = urlAs(superuserUrl, APP_ROLE, inject("rolePasswords").app);
    const ownerUrl = urlAs(superuserUrl, OWNER_ROLE, inject("rolePasswords").owner);
    const production = {
      NODE_ENV: "production",
      HOTEL_PUBLIC_URL: "https://hotel.example",
      HOTEL_DATA_DIR: path.join(scratch, "unused"),
    };
    // Production refuses to start without its own master key.
    await expect(start({ ...production, DATABASE_URL: url })).rejects.toThrow(/HOTEL_MASTER_KEY is not set/);
    const keyed = { ...production, HOTEL_MASTER_KEY: randomBytes(32).toString("base64") };
    // ... and to run the app as a superuser or as the schema's owner.
    await expect(start({ ...keyed, DATABASE_URL: superuserUrl })).rejects.toThrow(/it is a superuser/);
    // Without the owner it cannot migrate, and says how to.
    await expect(start({ ...keyed, DATABASE_URL: url })).rejects.toThrow(/npm run db:migrate/);
    const running = await start({ ...keyed, DATABASE_URL: url, DATABASE_OWNER_URL: ownerUrl });
    expect(running.output()).not.toMatch(/demo data seeded/);
    expect(running.output()).toMatch(/database: DATABASE_URL/);
    const { json } = await api(`${running.url}api/v1/properties`, "GET");
    expect(json.properties).toEqual([]);
    const login = await api(`${running.url}api/v1/sessions`, "POST", {
      email: "guest@example.com",
      password: "hotel-demo-2026!",
    });
    expect(login.status).toBe(401);
    expect(await stop(running)).toBe(0);
    expect(fs.existsSync(path.join(scratch, "unused", "pgdata"))).toBe(false);
    // Once the schema exists, its owner is refused as the app's role too.
    await expect(start({ ...keyed, DATABASE_URL: ownerUrl })).rejects.toThrow(/owns .* tables/);
  });
});
