// The whole HTTP stack, as the launcher serves it: security headers on pages
// and API responses, CSRF refusal of cross-site writes, and errors that
// leak nothing.
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "../helpers";
import { start, stop, stopAll, type Running } from "../server-process";

let server: Running;

beforeAll(async () => {
  server = await start({
    DATABASE_URL: process.env.DATABASE_URL!,
    NODE_ENV: "production",
    HOTEL_PUBLIC_URL: "https://hotel.example",
    // The same hotel, so the same master key as this test process.
    HOTEL_MASTER_KEY: process.env.HOTEL_MASTER_KEY!,
  });
});

afterAll(async () => {
  if (server) await stop(server);
  stopAll();
});

/** A document's policy lets its own nonced scripts run; a resource's (JSON) lets nothing load or run at all. */
function expectSecurityHeaders(headers: Headers, kind: "document" | "resource" = "document") {
  const csp = headers.get("content-security-policy") ?? "";
  if (kind === "document") {
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}'/);
    expect(csp).toContain("object-src 'none'");
  } else {
    expect(csp).toMatch(/^default-src 'none';/);
    expect(csp).not.toContain("script-src");
  }
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain("unsafe-inline");
  expect(headers.get("x-content-type-options")).toBe("nosniff");
  expect(headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  expect(headers.get("permissions-policy")).toContain("camera=()");
  expect(headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
  expect(headers.get("x-powered-by")).toBeNull();
}

describe("security headers", () => {
  it("are on every page, with a fresh nonce that the page's scripts carry", async () => {
    const first = await fetch(`${server.url}sign-in`);
    const second = await fetch(`${server.url}sign-in`);
    expectSecurityHeaders(first.headers);
    const nonce = /'nonce-([^']+)'/.exec(first.headers.get("content-security-policy")!)![1];
    const html = await first.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    expect(second.headers.get("content-security-policy")).not.toContain(nonce);
  });

  it("are on API responses and static files too", async () => {
    expectSecurityHeaders((await fetch(`${server.url}api/v1/properties`)).headers, "resource");
    expectSecurityHeaders((await fetch(`${server.url}api/v1/no-such-thing`)).headers);
  });
});

describe("the API's reads and writes in front of Express", () => {
  it("carry the resource headers on a write's answer", async () => {
    const response = await fetch(`${server.url}api/v1/sessions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "nobody@example.test", password: "wrong password" }),
    });
    expect(response.status).toBe(401);
    expectSecurityHeaders(response.headers, "resource");
  });

  it("take a write whatever the Host header says, never with a 5xx", async () => {
    const body = JSON.stringify({ email: "nobody@example.test", password: "wrong password" });
    for (const host of ["a b", "evil/x", "[::1", "example.test:99999999", "x@y"]) {
      const status = await new Promise<number>((resolve, reject) => {
        const request = http.request(
          `${server.url}api/v1/sessions`,
          {
            method: "POST",
            headers: { host, "content-type": "application/json", "content-length": Buffer.byteLength(body) },
          },
          (response) => {
            response.resume();
            resolve(response.statusCode ?? 0);
          },
        );
        request.on("error", reject);
        request.end(body);
      });
      expect(status, host).toBe(401);
    }
  });

  it("stay up when a client leaves in the middle of a write's body", async () => {
    await new Promise<void>((resolve) => {
      const request = http.request(`${server.url}api/v1/bookings`, {
        method: "POST",
        headers: { "content-type": "application/json", "content-length": "5000" },
      });
      request.on("error", () => resolve());
      request.write('{"propertyId":"', () => setTimeout(() => request.destroy(), 50));
      request.on("close", () => resolve());
    });
    const after = await fetch(`${server.url}api/v1/bookings`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(after.status).toBe(401);
  });

  it("answer whatever the Host header says, never with a 5xx", async () => {
    for (const host of ["a b", "evil/x?propertyId=1", "[::1", "example.test:99999999", "x@y"]) {
      const status = await new Promise<number>((resolve, reject) => {
        const request = http.request(`${server.url}api/v1/properties`, { headers: { host } }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        });
        request.on("error", reject);
        request.end();
      });
      expect(status, host).toBe(200);
    }
  });
});

describe("cross-site request forgery", () => {
  it("refuses a form posted from another site, with or without an Origin header", async () => {
    const guest = await createAccount("guest");
    const body = new URLSearchParams({ email: guest.email, password: guest.password });
    const form = { "content-type": "application/x-www-form-urlencoded" };
    const fromElsewhere = await fetch(`${server.url}sign-in`, {
      method: "POST",
      body,
      redirect: "manual",
      headers: { ...form, origin: "https://evil.example" },
    });
    expect(fromElsewhere.status).toBe(403);
    expect(fromElsewhere.headers.get("set-cookie")).toBeNull();
    const fetchMetadata = await fetch(`${server.url}sign-out`, {
      method: "POST",
      redirect: "manual",
      headers: { ...form, "sec-fetch-site": "cross-site" },
    });
    expect(fetchMetadata.status).toBe(403);
    const nullOrigin = await fetch(`${server.url}sign-in`, {
      method: "POST",
      body,
      redirect: "manual",
      headers: { ...form, origin: "null" },
    });
    expect(nullOrigin.status).toBe(403);

    const sameSite = await fetch(`${server.url}sign-in`, {
      method: "POST",
      body,
      redirect: "manual",
      headers: { ...form, origin: server.url.replace(/\/$/, ""), "sec-fetch-site": "same-origin" },
    });
    expect(sameSite.status).toBe(302);
    expect(sameSite.headers.get("set-cookie")).toMatch(/hotel_session=.+; .*HttpOnly.*Secure|Secure.*HttpOnly/i);
  });

  it("refuses cross-site API writes too", async () => {
    const response = await fetch(`${server.url}api/v1/sessions`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "https://evil.example" },
      body: JSON.stringify({ email: "a@b.c", password: "x" }),
    });
    expect(response.status).toBe(403);
    expect(response.headers.get("content-type")).toMatch(/problem\+json/);
  });
});

describe("request size", () => {
  it("refuses bodies over 256 KiB before reading them", async () => {
    const response = await fetch(`${server.url}sign-up`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `displayName=${"x".repeat(300 * 1024)}`,
    });
    expect(response.status).toBe(413);
  });
});

describe("errors", () => {
  it("show no stack trace, SQL or internals", async () => {
    const page = await fetch(`${server.url}no/such/page`);
    expect(page.status).toBe(404);
    const html = await page.text();
    expect(html).toContain("Page not found");
    expect(html).not.toMatch(/at \S+ \(|node_modules|\.ts:\d+|SELECT /);
    const api = await fetch(`${server.url}api/v1/availability?propertyId=' OR 1=1 --&checkIn=x&checkOut=y&adults=z`);
    expect(api.status).toBe(422);
    expect(await api.text()).not.toMatch(/at \S+ \(|node_modules|SELECT /);
  });
});
