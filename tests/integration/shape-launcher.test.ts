// The shape proxy as `npm start` serves it: server.ts mounts it ahead of
// Remix and calls the embedded shape server in process (ADR 022). Over real
// HTTP: @electric-sql/client on several screens following one booking, the
// same refusals as the Remix route, the security headers every answer
// carries, and a session's end reaching shape requests within
// SESSION_BELIEVED_MS.
import { createHash } from "node:crypto";
import { setMaxListeners } from "node:events";
import { ShapeStream, type Row } from "@electric-sql/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SESSION_BELIEVED_MS } from "~/api/request.server";
import { getPool } from "../../db/pool.server";
import { startShapeServer } from "../../shape-server";
import { createAccount, createProperty, credentials, type Fixture } from "../helpers";
import { start, stop, stopAll, type Running } from "../server-process";

let running: Running;
let hotel: Fixture;
let manager: string;
let guest: string;

async function signIn(account: Awaited<ReturnType<typeof createAccount>>): Promise<string> {
  const response = await fetch(`${running.url}api/v1/sessions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(await credentials(account)),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { token: string }).token;
}

const shapeUrl = (name: string, query: string) => `${running.url}shapes/${name}?${query}`;
const get = (url: string, headers: Record<string, string> = {}) => fetch(url, { headers });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

beforeAll(async () => {
  hotel = await createProperty({ DBL: { rooms: 4 } });
  running = await start({
    DATABASE_URL: process.env.DATABASE_URL!,
    DATABASE_OWNER_URL: process.env.DATABASE_OWNER_URL!,
    HOTEL_MASTER_KEY: process.env.HOTEL_MASTER_KEY!,
    HOTEL_PUBLIC_URL: "https://hotel.example",
    HOTEL_SHAPE_LONG_POLL_SECONDS: "2",
  });
  expect(running.output()).toMatch(/live data: embedded shape server/);
  manager = await signIn(await createAccount("manager", { propertyIds: [hotel.propertyId] }));
  guest = await signIn(await createAccount("guest"));
});

afterAll(async () => {
  if (running) await stop(running);
  stopAll();
});

describe("the shape proxy in the launcher", () => {
  it("carries a booking to every screen following the shape, by its txid", async () => {
    const controller = new AbortController();
    setMaxListeners(0, controller.signal);
    const screens = Array.from({ length: 3 }, () => {
      const seen = new Set<string>();
      const stream = new ShapeStream<Row>({
        url: `${running.url}shapes/reservations`,
        params: { propertyId: hotel.propertyId, from: hotel.day(0), to: hotel.day(20) },
        headers: bearer(manager),
        signal: controller.signal,
      });
      const upToDate = new Promise<void>((resolve) =>
        stream.subscribe((messages) => {
          for (const message of messages)
            for (const txid of (message.headers as { txids?: number[] }).txids ?? []) seen.add(String(txid));
          if (stream.isUpToDate) resolve();
        }),
      );
      return { seen, upToDate };
    });
    try {
      await Promise.all(screens.map((screen) => screen.upToDate));
      const booked = await fetch(`${running.url}api/v1/bookings`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "idempotency-key": `launcher-${Math.random()}`,
          ...bearer(guest),
        },
        body: JSON.stringify({ ...hotel.stay("DBL", 2, 4), channel: undefined }),
      });
      expect(booked.status).toBe(201);
      const { txid } = (await booked.json()) as { txid: string };
      const deadline = Date.now() + 10_000;
      while (screens.some(({ seen }) => !seen.has(txid)) && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 20));
      expect(screens.map(({ seen }) => seen.has(txid))).toEqual([true, true, true]);
    } finally {
      controller.abort();
    }
  });

  it("answers with the protocol's headers, made private, and the site's security headers", async () => {
    const response = await get(shapeUrl("rooms", `propertyId=${hotel.propertyId}&offset=-1`), bearer(manager));
    expect(response.status).toBe(200);
    expect(response.headers.get("electric-handle")).toBeTruthy();
    expect(response.headers.get("electric-offset")).toBe("0_inf");
    expect(response.headers.get("electric-schema")).toBeTruthy();
    expect(response.headers.get("cache-control")).toMatch(/^private/);
    expect(response.headers.get("vary")).toBe("Cookie, Authorization");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("content-security-policy")).toBeTruthy();
    const body = await response.text();
    expect(Number(response.headers.get("content-length"))).toBe(Buffer.byteLength(body));
    const messages = JSON.parse(body) as { headers: { control?: string } }[];
    expect(messages.at(-1)?.headers.control).toBe("up-to-date");
  });

  it("refuses as the route does, in the caller's language", async () => {
    const rooms = shapeUrl("rooms", `propertyId=${hotel.propertyId}&offset=-1`);
    const anonymous = await get(rooms);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(anonymous.headers.get("content-type")).toMatch(/problem\+json/);
    expect((await get(rooms, bearer(guest))).status).toBe(403);
    expect((await get(shapeUrl("guests", "offset=-1"), bearer(manager))).status).toBe(404);
    const wider = await get(`${rooms}&table=guests`, { ...bearer(manager), "accept-language": "es" });
    expect(wider.status).toBe(422);
    expect(wider.headers.get("content-language")).toBe("es");
    expect(wider.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("streams a real Electric's answers through when ELECTRIC_URL is set", async () => {
    // A shape server over HTTP only, standing in for Electric at ELECTRIC_URL.
    const electric = await startShapeServer({
      databaseUrl: process.env.DATABASE_OWNER_URL!,
      secret: "launcher-electric",
      longPollMs: 1000,
    });
    const other = await start({
      DATABASE_URL: process.env.DATABASE_URL!,
      HOTEL_MASTER_KEY: process.env.HOTEL_MASTER_KEY!,
      HOTEL_PUBLIC_URL: "https://hotel.example",
      ELECTRIC_URL: electric.url,
      ELECTRIC_SECRET: "launcher-electric",
    });
    try {
      expect(other.output()).toMatch(/live data: Electric at/);
      const rooms = `${other.url}shapes/rooms?propertyId=${hotel.propertyId}`;
      const first = await get(`${rooms}&offset=-1`, bearer(manager));
      expect(first.status).toBe(200);
      expect(first.headers.get("cache-control")).toMatch(/^private/);
      const rows = ((await first.json()) as { value?: { id: string } }[]).filter((message) => message.value);
      expect(rows.map(({ value }) => value!.id).sort()).toEqual([...hotel.roomTypes.DBL.roomIds].sort());
      const handle = first.headers.get("electric-handle")!;
      const live = await get(`${rooms}&offset=0_inf&handle=${handle}&live=true`, bearer(manager));
      expect(live.status).toBe(200);
      expect(live.headers.get("electric-cursor")).toMatch(/^\d+$/);
      expect(await live.json()).toEqual([{ headers: expect.objectContaining({ control: "up-to-date" }) }]);
      const stale = await get(`${rooms}&offset=0_inf&handle=not-${handle}`, bearer(manager));
      expect(stale.status).toBe(409);
      expect(stale.headers.get("electric-handle")).toBe(handle);
    } finally {
      await stop(other);
      await electric.close();
    }
  });

  it("stops serving a session that ended within SESSION_BELIEVED_MS", async () => {
    const token = await signIn(await createAccount("front_desk", { propertyIds: [hotel.propertyId] }));
    const rooms = shapeUrl("rooms", `propertyId=${hotel.propertyId}&offset=-1`);
    expect((await get(rooms, bearer(token))).status).toBe(200);
    // Signed out (sign-out deletes the session row).
    const id = createHash("sha256").update(token).digest("hex");
    const { rowCount } = await getPool().query(`DELETE FROM sessions WHERE id = $1`, [id]);
    expect(rowCount).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, SESSION_BELIEVED_MS + 100));
    expect((await get(rooms, bearer(token))).status).toBe(401);
  });
});
