// Resource routes at fixed paths (the JSON API's collections, /healthz,
// /metrics) served straight from their route modules. Remix matches every
// request against the whole route tree, flattening and ranking it anew each
// time; a loader at a path without parameters needs none of that. The route
// files stay the one definition of each endpoint: only the lookup differs,
// and the answer goes out whole, with its Content-Length, instead of as a
// chunked stream (decision record 020).
//
// Reads (GET, HEAD) are answered in front of Express, on Node's own request
// and response: a search is a few hundred microseconds of work, and the
// middleware stack, the second request object and the streamed body cost
// more than that (decision record 023). A route module may also export
// `keptRead` (kept-read.ts): an answer it can give again without its loader.
// Writes are answered there too, after the same cross-site check and body
// cap that Express applies to every other write.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import { cutAfterAnswer, tooLargeAnswer } from "./body-limit.server";
import type { KeptRead } from "./kept-read";
import { isCrossSiteWrite } from "./security.server";
import { requestWithWholeBody, wholeBodyOf } from "./whole-body";

type RouteModule = ServerBuild["routes"][string]["module"];
type Handler = NonNullable<RouteModule["loader"]>;

function fixedRoutes(build: ServerBuild): Map<string, RouteModule> {
  const routes = new Map<string, RouteModule>();
  for (const route of Object.values(build.routes)) {
    // A page (it has a component), an index or a path with parameters stays with Remix.
    if (route.parentId !== "root" || !route.path || route.index || route.module.default) continue;
    if (/[:*?]/.test(route.path)) continue;
    routes.set(`/${route.path}`, route.module);
  }
  return routes;
}

/**
 * The read side, for Node's request event: answers GET and HEAD of a fixed
 * resource route and returns true, or returns false and leaves the request to
 * the next handler. `clientIp` gives the address rate limits key on, as the
 * rest of the app sees it; `headers` go on every answer.
 */
export function fixedRouteReads(
  build: ServerBuild,
  options: {
    clientIp: (req: IncomingMessage) => string;
    headers: Record<string, string>;
    loadContext: () => AppLoadContext;
  },
): (req: IncomingMessage, res: ServerResponse) => boolean {
  const routes = fixedRoutes(build);
  return (req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") return false;
    const url = req.url ?? "/";
    const query = url.indexOf("?");
    const module = routes.get(query < 0 ? url : url.slice(0, query));
    const loader = module?.loader;
    if (!loader) return false;
    // Never taken from the client: the one header rate limits key on.
    const clientIp = options.clientIp(req);
    req.headers["x-hotel-client-ip"] = clientIp;
    const head = req.method === "HEAD";
    const keptRead = (module as { keptRead?: KeptRead }).keptRead;
    const kept = keptRead?.({
      search: query < 0 ? "" : url.slice(query),
      ifNoneMatch: req.headers["if-none-match"],
      clientIp,
    });
    Promise.resolve(kept)
      .then(async (found) => {
        if (found) return sendKept(res, found, options.headers, head, { kept: true });
        const request = new Request(`http://${hostOf(req)}${url}`, {
          headers: requestHeaders(req),
        });
        return sendNode(res, await answer(loader, request, options.loadContext()), options.headers, head);
      })
      .catch((error: unknown) => unexpectedError(res, error, options.headers));
    return true;
  };
}

/**
 * The write side, for Node's request event too: POST, PUT, PATCH and DELETE
 * of a fixed resource route, after the same cross-site check and body cap
 * that the Express stack applies to every other write. The body is read off
 * the socket whole (it is small: `maxBytes` at most) and handed to the route
 * as the Request's body and as bytes the API's JSON reader takes directly
 * (whole-body.ts), with no stream adapter in between.
 */
export function fixedRouteWrites(
  build: ServerBuild,
  options: {
    clientIp: (req: IncomingMessage) => string;
    headers: Record<string, string>;
    loadContext: () => AppLoadContext;
    maxBytes: number;
  },
): (req: IncomingMessage, res: ServerResponse) => boolean {
  const routes = fixedRoutes(build);
  return (req, res) => {
    if (req.method === "GET" || req.method === "HEAD") return false;
    const url = req.url ?? "/";
    const query = url.indexOf("?");
    const action = routes.get(query < 0 ? url : url.slice(0, query))?.action;
    if (!action) return false;
    req.headers["x-hotel-client-ip"] = options.clientIp(req);
    const method = req.method ?? "POST";
    const crossSite = isCrossSiteWrite({
      method,
      host: req.headers.host,
      origin: req.headers.origin,
      secFetchSite: req.headers["sec-fetch-site"] as string | undefined,
    });
    if (crossSite) {
      sendKept(res, CROSS_SITE, options.headers, false);
      // A forged request's body is not drained either.
      if (!req.complete) cutAfterAnswer(req, res);
      return true;
    }
    readWhole(req, options.maxBytes)
      .then(async (body) => {
        if (body === TOO_LARGE) {
          sendKept(res, await tooLargeAnswer(req, options.maxBytes), options.headers, false);
          cutAfterAnswer(req, res);
          return;
        }
        // No abort signal: a write, once its body is in, runs to its end even if the client leaves
        // (its Idempotency-Key tells the client the outcome when it asks again).
        const request = requestWithWholeBody(
          `http://${hostOf(req)}${url}`,
          { method, headers: requestHeaders(req) },
          body,
        );
        sendNode(res, await answer(action, request, options.loadContext()), options.headers, false);
      })
      .catch((error: unknown) => {
        // The client went away while sending: nobody to answer.
        if (error === GONE) return;
        unexpectedError(res, error, options.headers);
      });
    return true;
  };
}

const CROSS_SITE = {
  status: 403,
  headers: { "content-type": "application/problem+json" },
  body: JSON.stringify({
    type: "/api/v1/problems/cross_site_request",
    title: "Cross-site requests are refused.",
    status: 403,
    code: "cross_site_request",
  }),
};

const TOO_LARGE = Symbol("too large");
const GONE = Symbol("client gone");

/**
 * A request's body, whole; TOO_LARGE as soon as it is declared or counted
 * past `maxBytes` (then reading stops: the rest is never taken off the
 * socket); rejects with GONE when the client leaves before the end.
 */
function readWhole(req: IncomingMessage, maxBytes: number): Promise<Buffer | typeof TOO_LARGE> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers["content-length"] ?? 0) > maxBytes) {
      resolve(TOO_LARGE);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > maxBytes) {
        req.off("data", onData);
        req.pause();
        resolve(TOO_LARGE);
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.on("end", () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size)));
    req.on("close", () => {
      if (!req.complete) reject(GONE);
    });
  });
}

/** As Remix answers a loader or action that failed: logged, and no detail to the client. */
export function unexpectedError(res: ServerResponse, error: unknown, headers: Record<string, string> = {}): void {
  console.error("unexpected error:", error instanceof Error ? (error.stack ?? error.message) : error);
  if (!res.headersSent) res.writeHead(500, { ...headers, "content-type": "text/plain" });
  res.end("Unexpected Server Error");
}

async function answer(handler: Handler, request: Request, context: AppLoadContext): Promise<Response> {
  let result: unknown;
  try {
    result = await handler({ request, params: {}, context });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
  return result instanceof Response ? result : Response.json(result);
}

/** The Host header when it is a host name or address (and port); anything else would not make a URL. */
function hostOf(req: IncomingMessage): string {
  const host = req.headers.host ?? "";
  return /^(?:[\w.-]+|\[[\d:a-fA-F.]+\])(?::\d{1,5})?$/.test(host) ? host : "localhost";
}

function requestHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i], raw[i + 1]);
  headers.set("x-hotel-client-ip", req.headers["x-hotel-client-ip"] as string);
  return headers;
}

/** The response's body whole: as the app wrote it when it said so (whole-body.ts), else read from its stream. */
async function bodyOf(response: Response): Promise<string | Buffer | undefined> {
  const whole = wholeBodyOf(response);
  if (whole !== undefined) return whole;
  return response.body ? Buffer.from(await response.arrayBuffer()) : undefined;
}

async function sendNode(res: ServerResponse, response: Response, base: Record<string, string>, head: boolean) {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of response.headers) if (name !== "set-cookie") headers[name] = value;
  const cookies = response.headers.getSetCookie();
  if (cookies.length) headers["set-cookie"] = cookies;
  sendKept(res, { status: response.status, headers, body: await bodyOf(response) }, base, head, {
    statusText: response.statusText,
  });
}

type Answer = {
  status: number;
  headers: Readonly<Record<string, string | string[]>>;
  body?: string | Buffer;
};

/** The headers of answers given again (kept reads), with the base ones and the length: made once per answer. */
const keptHeaders = new WeakMap<object, { base: object; headers: Record<string, string | string[]> }>();

function headersOf(answer: Answer, base: Record<string, string>, kept: boolean): Record<string, string | string[]> {
  const found = kept ? keptHeaders.get(answer) : undefined;
  if (found?.base === base) return found.headers;
  const headers: Record<string, string | string[]> = { ...base, ...answer.headers };
  if (answer.body !== undefined) headers["content-length"] = String(Buffer.byteLength(answer.body));
  if (kept) keptHeaders.set(answer, { base, headers });
  return headers;
}

/** An answer whole, with its Content-Length, after the headers every answer carries. */
function sendKept(
  res: ServerResponse,
  answer: Answer,
  base: Record<string, string>,
  head: boolean,
  options: { statusText?: string; kept?: boolean } = {},
): void {
  res.writeHead(answer.status, options.statusText || undefined, headersOf(answer, base, options.kept ?? false));
  res.end(head ? undefined : answer.body);
}
