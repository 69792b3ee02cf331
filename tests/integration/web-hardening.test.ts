// Attacks on the web layer, against the real launcher: links in emails that
// follow a forged Host header, redirects off the site after sign-in, and
// request bodies larger than the cap sent without a Content-Length.
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPool } from "../../db/pool.server";
import { createAccount } from "../helpers";
import { start, stop, stopAll, type Running } from "../server-process";

const PUBLIC_URL = "https://hotel.example";

let server: Running;

beforeAll(async () => {
  server = await start({
    DATABASE_URL: process.env.DATABASE_URL!,
    // The same hotel, so the same master key as this test process.
    HOTEL_MASTER_KEY: process.env.HOTEL_MASTER_KEY!,
    HOTEL_PUBLIC_URL: PUBLIC_URL,
  });
});

afterAll(async () => {
  if (server) await stop(server);
  stopAll();
});

type RawResponse = { status: number; headers: http.IncomingHttpHeaders; body: string };

/** A request with exactly these headers (fetch will not forge Host). */
function raw(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<RawResponse> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: url.hostname, port: url.port, method, path, headers, setHost: !("host" in headers) },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (text += chunk));
        response.on("end", () => resolve({ status: response.statusCode!, headers: response.headers, body: text }));
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

const formHeaders = (body: string) => ({
  "content-type": "application/x-www-form-urlencoded",
  "content-length": String(Buffer.byteLength(body)),
});

/** The reset link of the newest mail to this address, from the development outbox. */
async function resetLinkSentTo(email: string): Promise<string> {
  const { rows } = await getPool().query<{ body: string }>(
    `SELECT body FROM mail_outbox WHERE to_address = $1 ORDER BY id DESC LIMIT 1`,
    [email],
  );
  expect(rows, `no mail to ${email}`).toHaveLength(1);
  const link = /https?:\/\/\S+\/reset-password\/\S+/.exec(rows[0].body);
  expect(link, rows[0].body).not.toBeNull();
  return link![0];
}

describe("links in emails", () => {
  it("come from HOTEL_PUBLIC_URL, never from a forged Host or X-Forwarded-Host header", async () => {
    const forgeries: Record<string, string>[] = [
      { host: "attacker.example" },
      { "x-forwarded-host": "attacker.example:443" },
    ];
    for (const forged of forgeries) {
      const guest = await createAccount("guest");
      const body = new URLSearchParams({ email: guest.email }).toString();
      const response = await raw(server.url, "POST", "/forgot-password", { ...formHeaders(body), ...forged }, body);
      expect(response.status).toBe(200);
      const link = new URL(await resetLinkSentTo(guest.email));
      expect(link.origin).toBe(PUBLIC_URL);
      expect(link.pathname).toMatch(/^\/reset-password\/[\w-]{40,}$/);
    }
  });

  it("use the address the launcher prints when no public URL is configured (development)", async () => {
    const local = await start({
      DATABASE_URL: process.env.DATABASE_URL!,
      HOTEL_MASTER_KEY: process.env.HOTEL_MASTER_KEY!,
    });
    try {
      const guest = await createAccount("guest");
      const body = new URLSearchParams({ email: guest.email }).toString();
      const response = await raw(
        local.url,
        "POST",
        "/forgot-password",
        { ...formHeaders(body), host: "attacker.example" },
        body,
      );
      expect(response.status).toBe(200);
      expect(await resetLinkSentTo(guest.email)).toMatch(new RegExp(`^${local.url}reset-password/`));
    } finally {
      await stop(local);
    }
  });

  it("production refuses to start without HOTEL_PUBLIC_URL, or with more than an origin in it", async () => {
    const production = {
      DATABASE_URL: process.env.DATABASE_URL!,
      HOTEL_MASTER_KEY: process.env.HOTEL_MASTER_KEY!,
      NODE_ENV: "production",
    };
    await expect(start(production)).rejects.toThrow(/HOTEL_PUBLIC_URL: is required in production/);
    await expect(start({ ...production, HOTEL_PUBLIC_URL: "https://hotel.example/x?y" })).rejects.toThrow(
      /HOTEL_PUBLIC_URL: must be the site's address alone/,
    );
  });
});
