// Attacks on the web layer, against the real launcher: links in emails that
// follow a forged Host header, redirects off the site after sign-in, and
// request bodies larger than the cap sent without a Content-Length.
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { safeRedirect } from "~/http/redirect.server";
import { emailIndex } from "~/crypto/envelope.server";
import { getPool } from "../../db/pool.server";
import { apiClient, apiToken, createAccount, createProperty, webCookie } from "../helpers";
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

/** Known ways to slip another site past a "starts with one slash" check. */
const BYPASSES = [
  "//evil.example",
  "//evil.example/x",
  "///evil.example",
  "////evil.example",
  "/\\evil.example",
  "\\\\evil.example",
  "/\\/evil.example",
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r\n/evil.example",
  "\t//evil.example",
  " //evil.example",
  "/\u0000/evil.example",
  "/\u0000//evil.example",
  "/\u007f/evil.example",
  "/\u0085/evil.example",
  "%2F%2Fevil.example",
  "/%2F/evil.example",
  "/%2f%2fevil.example",
  "/%5Cevil.example",
  "/%5cevil.example",
  "/%09/evil.example",
  "/%0a/evil.example",
  "/%00/evil.example",
  "/%252F/evil.example",
  "/%255C/evil.example",
  "/%25252F%25252Fevil.example",
  "/..//evil.example",
  "/a/../..//evil.example",
  "/.//evil.example",
  "/%2e%2e//evil.example",
  "/%2e//evil.example",
  "https:evil.example",
  "https:/evil.example",
  "https://evil.example",
  "HTTPS://evil.example",
  "http://evil.example/",
  "javascript:alert(1)",
  "JaVaScRiPt:alert(1)",
  "/javascript:alert(1)//evil.example",
  "data:text/html,<script>alert(1)</script>",
  "evil.example",
  "@evil.example",
  "//hotel.example@evil.example",
  "/\uff0f\uff0fevil.example",
  "/\u3000/evil.example",
  "",
  `/${"a".repeat(5000)}`,
];

/** Where a browser would go after being redirected to `location` from `origin`. */
function landsOn(location: string, origin: string): URL {
  return new URL(location, origin);
}

describe("redirects after sign-in", () => {
  it("turn every known bypass into a path on this site", () => {
    const origin = "http://127.0.0.1:3000";
    for (const attempt of BYPASSES) {
      const to = safeRedirect(attempt, "/account");
      expect(to, JSON.stringify(attempt)).toMatch(/^\/(?![/\\])[\x21-\x7e]*$/);
      expect(landsOn(to, origin).origin, JSON.stringify(attempt)).toBe(origin);
      expect(landsOn(to, origin).host, JSON.stringify(attempt)).not.toContain("evil");
    }
  });

  it("keep a good path with its query and fragment", () => {
    expect(safeRedirect("/bookings?x=1#y")).toBe("/bookings?x=1#y");
    const book = "/book?roomTypeId=2b0c&checkIn=2027-03-01&checkOut=2027-03-04&adults=2";
    expect(safeRedirect(book)).toBe(book);
    expect(safeRedirect("/account")).toBe("/account");
    expect(safeRedirect("/bookings/ABCD-EFGH?new=1")).toBe("/bookings/ABCD-EFGH?new=1");
  });

  it("through the real sign-in form, never leave the site and never fail with a 5xx", async () => {
    const guest = await createAccount("guest");
    const origin = new URL(server.url).origin;
    for (const attempt of [...BYPASSES, "/bookings?x=1#y"]) {
      const body = new URLSearchParams({
        email: guest.email,
        password: guest.password,
        redirectTo: attempt,
      }).toString();
      const response = await raw(server.url, "POST", "/sign-in", formHeaders(body), body);
      if (attempt.includes("\u0000")) {
        // A NUL is refused as a bad request before anything reads the form.
        expect(response.status, JSON.stringify(attempt)).toBe(400);
        continue;
      }
      if (attempt.length > 2000) {
        // Longer than any page's address: the form says it is incomplete.
        expect(response.status).toBe(422);
        continue;
      }
      expect(response.status, JSON.stringify(attempt)).toBe(302);
      const location = response.headers.location!;
      expect(landsOn(location, origin).origin, `${JSON.stringify(attempt)} → ${location}`).toBe(origin);
      expect(location, JSON.stringify(attempt)).toMatch(/^\/(?![/\\])[\x21-\x7e]*$/);
      if (attempt === "/bookings?x=1#y") expect(location).toBe(attempt);
    }
  });
});

type Streamed = {
  status: number | undefined;
  body: string;
  /** Bytes handed to the connection by the time the answer came. */
  sentWhenAnswered: number;
  sentInAll: number;
  /** The server closed the connection before the whole body was sent. */
  cut: boolean;
};

/**
 * Sends `total` bytes as a chunked body (no Content-Length), 64 KiB at a time
 * with a pause between. By default it stops once the server answers; with
 * `afterAnswer: "continue"` it goes on, to see whether the server keeps
 * reading (draining) the rest.
 */
function sendChunked(
  base: string,
  path: string,
  contentType: string,
  total: number,
  options: { afterAnswer?: "stop" | "continue" } = {},
): Promise<Streamed> {
  const url = new URL(base);
  const chunk = Buffer.alloc(64 * 1024, "x");
  return new Promise((resolve) => {
    let sent = 0;
    let answered: { status: number; sentWhenAnswered: number } | undefined;
    let body = "";
    let cut = false;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      resolve({
        status: answered?.status,
        body,
        sentWhenAnswered: answered?.sentWhenAnswered ?? sent,
        sentInAll: sent,
        cut,
      });
    };
    const request = http.request(
      {
        host: url.hostname,
        port: url.port,
        method: "POST",
        path,
        headers: { "content-type": contentType, "transfer-encoding": "chunked" },
      },
      (response) => {
        answered = { status: response.statusCode!, sentWhenAnswered: sent };
        response.setEncoding("utf8");
        response.on("data", (text: string) => (body += text));
        response.on("error", () => {});
        if (options.afterAnswer !== "continue") response.on("end", finish);
      },
    );
    request.on("error", () => {
      cut = sent < total || !request.writableFinished;
      finish();
    });
    request.on("close", () => setTimeout(finish, 50));
    const next = () => {
      if (done || request.destroyed) return;
      if (answered && options.afterAnswer !== "continue") return;
      if (sent >= total) {
        request.end(() => setTimeout(finish, 200));
        return;
      }
      const prefix = sent === 0 ? Buffer.from(contentType.includes("json") ? '{"email":"' : "displayName=") : null;
      const piece = prefix ? Buffer.concat([prefix, chunk.subarray(prefix.length)]) : chunk;
      sent += piece.length;
      request.write(piece, (error) => {
        if (error) return;
        setTimeout(next, 15);
      });
    };
    next();
  });
}

describe("request bodies", () => {
  const THREE_MB = 3 * 1024 * 1024;

  it("refuses a 3 MB chunked form with 413 while it is still coming in", async () => {
    const result = await sendChunked(server.url, "/sign-up", "application/x-www-form-urlencoded", THREE_MB);
    expect(result.status).toBe(413);
    expect(JSON.parse(result.body)).toMatchObject({ status: 413, code: "body_too_large" });
    // Answered long before the body was through: the server read about its cap, not the whole.
    expect(result.sentWhenAnswered).toBeLessThan(1024 * 1024);
  });

  it("refuses a chunked JSON body over the API's own cap with 413 (not a reset connection)", async () => {
    const result = await sendChunked(server.url, "/api/v1/sessions", "application/json", THREE_MB);
    expect(result.status).toBe(413);
    expect(JSON.parse(result.body)).toMatchObject({ status: 413, code: "body_too_large" });
    expect(result.sentWhenAnswered).toBeLessThan(1024 * 1024);
  });

  it("cuts the connection instead of draining a body nobody reads", async () => {
    for (const [path, type] of [
      ["/no/such/page", "application/x-www-form-urlencoded"],
      ["/healthz", "text/xml"],
    ]) {
      const result = await sendChunked(server.url, path, type, THREE_MB, { afterAnswer: "continue" });
      expect(result.status, path).toBeLessThan(500);
      expect(result.cut, `${path}: the whole body went through`).toBe(true);
      expect(result.sentInAll, path).toBeLessThan(THREE_MB);
    }
  });
  it("still refuses a declared Content-Length over the cap before reading, and takes bodies under it", async () => {
    const big = `displayName=${"x".repeat(300 * 1024)}`;
    const refused = await raw(server.url, "POST", "/sign-up", formHeaders(big), big);
    expect(refused.status).toBe(413);
    expect(refused.headers["content-type"]).toMatch(/problem\+json/);
    const small = new URLSearchParams({ email: "nobody@example.test" }).toString();
    const fine = await raw(server.url, "POST", "/forgot-password", formHeaders(small), small);
    expect(fine.status).toBe(200);
  });

  it("answers 413 in the reader's language", async () => {
    const result = await raw(server.url, "POST", "/sign-up", {
      ...formHeaders("x"),
      "content-length": String(400 * 1024),
      "accept-language": "de",
    });
    expect(result.status).toBe(413);
    expect(result.headers["content-language"]).toBe("de");
    expect(JSON.parse(result.body).title).not.toMatch(/larger than/);
  });
});

describe("the admin's guest search", () => {
  it("is posted: an email in the address finds nothing, the posted form finds the guest", async () => {
    const call = await apiClient();
    const hotel = await createProperty({ DBL: { rooms: 1 } });
    const token = await apiToken(call, await createAccount("guest"));
    const email = `searched-${Date.now()}@example.org`;
    const booked = await call("POST", "/api/v1/bookings", {
      token,
      headers: { "idempotency-key": `search-${Date.now()}` },
      body: { ...hotel.stay("DBL", 30, 32), channel: undefined, guest: { fullName: "Sasha Searched", email } },
    });
    expect(booked.status).toBe(201);
    const cookie = await webCookie(call, await createAccount("admin"));

    const page = await call("GET", `/admin/guests?q=${encodeURIComponent(email)}`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.text).not.toContain("Sasha Searched");
    // The search field sits in a form that posts.
    expect(page.text).toMatch(/<form method="post"[^>]*>(?:(?!<\/form>)[^])*name="q"/);
    expect(page.text).not.toMatch(/<form method="get"[^>]*>(?:(?!<\/form>)[^])*name="q"/);

    const found = await call("POST", "/admin/guests", {
      rawBody: new URLSearchParams({ q: email }).toString(),
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
    });
    expect(found.status).toBe(200);
    expect(found.text).toContain("Sasha Searched");
    const empty = await call("POST", "/admin/guests", {
      rawBody: "q=",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
    });
    expect(empty.status).toBe(200);
    expect(empty.text).toContain("Enter an email address or a booking reference like ABCD-EFGH.");
  });
});

describe("sign-up", () => {
  const form = (fields: Record<string, string>) => ({
    rawBody: new URLSearchParams(fields).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });
  const newestMail = async (to: string) =>
    (
      await getPool().query<{ subject: string; body: string }>(
        `SELECT subject, body FROM mail_outbox WHERE to_address = $1 ORDER BY id DESC LIMIT 1`,
        [to],
      )
    ).rows[0];

  it("answers exactly the same for an address that has an account, and mails its owner instead", async () => {
    const call = await apiClient();
    const owner = await createAccount("guest");
    const fresh = `fresh-${Date.now()}@example.test`;
    const fields = { displayName: "Eve", password: "a quiet harbour at noon", redirectTo: "/bookings" };
    const taken = await call("POST", "/sign-up", form({ ...fields, email: owner.email }));
    const free = await call("POST", "/sign-up", form({ ...fields, email: fresh }));
    expect(taken.status).toBe(200);
    expect(free.status).toBe(taken.status);
    expect(taken.headers.get("set-cookie")).toBeNull();
    expect(free.headers.get("set-cookie")).toBeNull();
    expect(taken.text.replaceAll(owner.email, "EMAIL")).toBe(free.text.replaceAll(fresh, "EMAIL"));
    expect(taken.text).not.toMatch(/already exists/);

    // The owner hears about it, with the way in, and no link that would make a second account.
    const note = await newestMail(owner.email);
    expect(note.subject).toBe("Someone tried to sign up with your address");
    expect(note.body).toContain("http://127.0.0.1:3000/sign-in");
    expect(note.body).toContain("http://127.0.0.1:3000/forgot-password");
    expect(note.body).not.toMatch(/\/sign-up\//);
    const { rows } = await getPool().query(`SELECT count(*)::int AS n FROM accounts WHERE id = $1`, [owner.id]);
    expect(rows[0].n).toBe(1);
  });

  it("creates the new account only through its link, once, and returns to where the guest was", async () => {
    const call = await apiClient();
    const email = `linked-${Date.now()}@example.test`;
    const redirectTo = "/book?roomTypeId=x&checkIn=2027-03-01&checkOut=2027-03-04&adults=2";
    await call(
      "POST",
      "/sign-up",
      form({ displayName: "Lin", email, password: "a quiet harbour at noon", redirectTo }),
    );
    const mail = await newestMail(email);
    expect(mail.subject).toBe("Finish creating your Harbour Light Hotel account");
    const link = new URL(/https?:\/\/\S+\/sign-up\/\S+/.exec(mail.body)![0]);
    expect(link.origin).toBe("http://127.0.0.1:3000");

    // Opening the link (as a mail scanner would) creates nothing.
    const page = await call("GET", link.pathname);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`Create the account for ${email} and sign in?`);
    const none = await getPool().query(`SELECT 1 FROM accounts WHERE email_index = $1`, [emailIndex(email)]);
    expect(none.rows).toEqual([]);

    const created = await call("POST", link.pathname, form({}));
    expect(created.status).toBe(302);
    expect(created.headers.get("location")).toBe(redirectTo);
    const cookie = /hotel_session=[^;]+/.exec(created.headers.get("set-cookie") ?? "")![0];
    expect((await call("GET", "/account", { headers: { cookie } })).text).toContain(email);

    const again = await call("POST", link.pathname, form({}));
    expect(again.status).toBe(409);
    expect(again.text).toContain("This link was already used");
    expect(again.headers.get("set-cookie")).toBeNull();

    const [version, iv, tag, body] = link.pathname.slice("/sign-up/".length).split(".");
    const forged = `${version}.${iv}.${tag}.${body.slice(0, -2)}${body.endsWith("A") ? "B" : "A"}`;
    for (const bad of [forged, "nonsense", "v1.a.b.c"]) {
      const answer = await call("POST", `/sign-up/${bad}`, form({}));
      expect(answer.status, bad).toBe(410);
      expect(answer.text).toContain("This link does not work");
    }
  });

  it("keeps the sign-up form's own mistakes on the form", async () => {
    const call = await apiClient();
    const weak = await call(
      "POST",
      "/sign-up",
      form({ displayName: "W", email: `weak-${Date.now()}@example.test`, password: "short" }),
    );
    expect(weak.status).toBe(422);
    expect(weak.text).toMatch(/at least 10 characters/);
  });
});
