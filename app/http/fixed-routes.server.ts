// Resource routes at fixed paths (the JSON API's collections, /healthz,
// /metrics) served straight from their route modules. Remix matches every
// request against the whole route tree, flattening and ranking it anew each
// time; a loader at a path without parameters needs none of that. The route
// files stay the one definition of each endpoint: only the lookup differs,
// and the answer goes out whole, with its Content-Length, instead of as a
// chunked stream (decision record 020).
import { createReadableStreamFromReadable, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import type express from "express";

type RouteModule = ServerBuild["routes"][string]["module"];

export function fixedResourceRoutes(
  build: ServerBuild,
  loadContext: (req: express.Request, res: express.Response) => AppLoadContext,
): express.RequestHandler {
  const routes = new Map<string, RouteModule>();
  for (const route of Object.values(build.routes)) {
    // A page (it has a component), an index or a path with parameters stays with Remix.
    if (route.parentId !== "root" || !route.path || route.index || route.module.default) continue;
    if (/[:*?]/.test(route.path)) continue;
    routes.set(`/${route.path}`, route.module);
  }
  return (req, res, next) => {
    const module = routes.get(req.path);
    const handler = req.method === "GET" ? module?.loader : req.method === "HEAD" ? undefined : module?.action;
    if (!handler) {
      next();
      return;
    }
    const request = toRequest(req, res);
    Promise.resolve()
      .then(() => handler({ request, params: {}, context: loadContext(req, res) }))
      .catch((thrown: unknown) => {
        if (thrown instanceof Response) return thrown;
        throw thrown;
      })
      .then((result: unknown) => send(res, result instanceof Response ? result : Response.json(result)))
      .catch((error: unknown) => {
        // A refused body (body-limit.server.ts) has been answered already; its error handler knows.
        if (res.headersSent) {
          next(error);
          return;
        }
        // As Remix answers a loader that failed: logged, and no detail to the client.
        console.error("unexpected error:", error instanceof Error ? (error.stack ?? error.message) : error);
        res.status(500).type("text/plain").end("Unexpected Server Error");
      });
  };
}

function toRequest(req: express.Request, res: express.Response): Request {
  const url = `${req.protocol}://${req.get("host") ?? "localhost"}${req.originalUrl}`;
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  // Stop the loader's work when the client goes away before the answer.
  const controller = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(url, {
    method: req.method,
    headers,
    signal: controller.signal,
    ...(hasBody ? { body: createReadableStreamFromReadable(req), duplex: "half" } : {}),
  } as RequestInit);
}

async function send(res: express.Response, response: Response): Promise<void> {
  const body = response.body ? Buffer.from(await response.arrayBuffer()) : undefined;
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
