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
// Writes go through Express, after the cross-site check and the body limit.
import type { IncomingMessage, ServerResponse } from "node:http";
import { createReadableStreamFromReadable, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import type express from "express";
import type { KeptAnswer, KeptRead } from "./kept-read";
import { wholeBodyOf } from "./whole-body";

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
        if (found) return sendKept(res, found, options.headers, head);
        const request = new Request(`http://${hostOf(req)}${url}`, {
          headers: requestHeaders(req),
        });
        return sendNode(res, await answer(loader, request, options.loadContext()), options.headers, head);
      })
      .catch((error: unknown) => unexpectedError(res, error, options.headers));
    return true;
  };
}

/** The write side, as Express middleware: POST, PUT, PATCH, DELETE of a fixed resource route. */
export function fixedRouteWrites(
  build: ServerBuild,
  loadContext: (req: express.Request, res: express.Response) => AppLoadContext,
): express.RequestHandler {
  const routes = fixedRoutes(build);
  return (req, res, next) => {
    const action = req.method === "GET" || req.method === "HEAD" ? undefined : routes.get(req.path)?.action;
    if (!action) {
      next();
      return;
    }
    answer(action, toRequest(req, res), loadContext(req, res))
      .then((response) => sendExpress(res, response))
      .catch((error: unknown) => {
        // A refused body (body-limit.server.ts) has been answered already; its error handler knows.
        if (res.headersSent) {
          next(error);
          return;
        }
        unexpectedError(res, error);
      });
  };
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

function toRequest(req: express.Request, res: express.Response): Request {
  const url = `${req.protocol}://${req.get("host") ?? "localhost"}${req.originalUrl}`;
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  // Stop the action's work when the client goes away before the answer.
  const controller = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  return new Request(url, {
    method: req.method,
    headers,
    signal: controller.signal,
    body: createReadableStreamFromReadable(req),
    duplex: "half",
  } as RequestInit);
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
  sendKept(res, { status: response.status, headers, body: await bodyOf(response) }, base, head, response.statusText);
}

/** An answer whole, with its Content-Length, after the headers every answer carries. */
function sendKept(
  res: ServerResponse,
  kept: Omit<KeptAnswer, "headers" | "body"> & { headers: Record<string, string | string[]>; body?: string | Buffer },
  base: Record<string, string>,
  head: boolean,
  statusText?: string,
): void {
  const headers: Record<string, string | string[]> = { ...base, ...kept.headers };
  if (kept.body !== undefined) headers["content-length"] = String(Buffer.byteLength(kept.body));
  res.writeHead(kept.status, statusText || undefined, headers);
  res.end(head ? undefined : kept.body);
}

async function sendExpress(res: express.Response, response: Response): Promise<void> {
  const body = await bodyOf(response);
  // The body limit may have answered 413 while the route was reading.
  if (res.headersSent) return;
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [name, value] of response.headers) {
    if (name !== "set-cookie") res.append(name, value);
  }
  for (const cookie of response.headers.getSetCookie()) res.append("set-cookie", cookie);
  res.end(body);
}
