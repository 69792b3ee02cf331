// The authenticated shape proxy: the only way a browser reaches shapes. It
// checks the session and the caller's role and property, then sets table,
// where, params and columns itself from the app's shape definitions
// (./shapes); from the browser it takes only a shape's declared arguments and
// the protocol's own parameters (offset, handle, live, cursor), and it hands
// back the electric-* headers the client needs. The embedded shape server is
// called in this process; a real Electric (ELECTRIC_URL) over HTTP. See
// docs/decisions/022-live-fan-out.md for why this path is built for speed.
import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { z } from "zod";
import type { ShapeAnswer } from "../../shape-server";
import { ELECTRIC_HEADERS } from "../../shape-server/protocol";
import { IGNORED_PARAMS, isShapeName, PROTOCOL_PARAMS, SHAPES, type ShapeContext } from "./shapes";
import { apiHandler, problem } from "~/api/problem.server";
import { believe, requireBelievedApiAuth, requireRole, type Believed } from "~/api/request.server";
import { staffCovers } from "~/auth/session.server";
import { getPropertyRules } from "~/booking/property.server";
import { shapeUpstream } from "./upstream.server";

const protocolSchema = z.strictObject({
  offset: z.string().regex(/^(-1|now|\d{1,20}_(\d{1,9}|inf))$/, { message: "validation.invalidFormat" }),
  handle: z
    .string()
    .regex(/^[\w-]{1,120}$/, { message: "validation.invalidFormat" })
    .optional(),
  live: z.enum(["true", "false"]).optional(),
  cursor: z
    .string()
    .regex(/^\d{0,20}$/, { message: "validation.invalidFormat" })
    .optional(),
});

const PASSED_HEADERS = [...ELECTRIC_HEADERS, "content-type", "etag", "retry-after"];

/** A shape's answer on its way back to the browser. */
type Forwarded = {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array | ReadableStream<Uint8Array> | null;
};

/** GET /shapes/:name as a Fetch API response (the Remix route). */
export function proxyShape(request: Request, name: string): Promise<Response> {
  return apiHandler(request, async () => {
    const answer = await forward(request, name);
    if (answer instanceof Response) return answer;
    return new Response(answer.body as BodyInit | null, { status: answer.status, headers: answer.headers });
  });
}

/** Stands for "the answer went by `forwarded`" inside apiHandler; never sent. */
const FORWARDED = new Response(null, { status: 204 });

/**
 * GET /shapes/:name straight from Node's HTTP server, for the launcher to
 * mount before Remix: the same proxy, without the router's matching or web
 * streams for each of hundreds of long polls. Problems come back as the
 * route's would.
 */
export function shapeRequestHandler(
  req: IncomingMessage & { params: { name?: string } },
  res: ServerResponse,
  next: (error?: unknown) => void,
): void {
  const aborted = new AbortController();
  // A long poll whose browser went away stops waiting; a finished answer has nothing to stop.
  res.once("close", () => res.writableEnded || aborted.abort());
  const headers = new Headers();
  // What the proxy reads: the credentials, and the language a problem is written in.
  for (const name of ["authorization", "cookie", "accept-language"]) {
    const value = req.headers[name];
    if (typeof value === "string") headers.set(name, value);
  }
  let request: Request;
  try {
    request = new Request(new URL(req.url ?? "/", "http://shape.proxy"), { headers, signal: aborted.signal });
  } catch (error) {
    next(error);
    return;
  }
  let forwarded: Forwarded | undefined;
  apiHandler(request, async () => {
    const answer = await forward(request, req.params.name ?? "");
    if (answer instanceof Response) return answer;
    forwarded = answer;
    return FORWARDED;
  })
    .then(async (response) => {
      if (res.destroyed) return;
      if (forwarded) return write(res, forwarded);
      const body = response.body ? new Uint8Array(await response.arrayBuffer()) : null;
      write(res, { status: response.status, headers: Object.fromEntries(response.headers), body });
    })
    .catch(next);
}

function write(res: ServerResponse, { status, headers, body }: Forwarded): void {
  if (body instanceof Uint8Array) {
    res.writeHead(status, { ...headers, "content-length": String(body.byteLength) });
    res.end(body);
  } else if (body) {
    res.writeHead(status, headers);
    Readable.fromWeb(body as import("node:stream/web").ReadableStream<Uint8Array>)
      .on("error", () => res.destroy())
      .pipe(res);
  } else {
    res.writeHead(status, headers);
    res.end();
  }
}

async function forward(request: Request, name: string): Promise<Response | Forwarded> {
  if (!isShapeName(name)) return problem({ status: 404, code: "not_found" });
  // One shape's spec; its argument type is erased here, checked by its own schema.
  const shape = SHAPES[name] as unknown as (typeof SHAPES)["rooms"];
  const account = requireRole(await requireBelievedApiAuth(request), shape.permission).account;

  const protocol: Record<string, string> = {};
  const args: Record<string, string> = {};
  for (const [key, value] of new URL(request.url).searchParams) {
    if ((PROTOCOL_PARAMS as readonly string[]).includes(key)) protocol[key] = value;
    else if (!(IGNORED_PARAMS as readonly string[]).includes(key)) args[key] = value;
  }
  const parsedProtocol = protocolSchema.parse(protocol);
  // Strict: a browser naming a table, a where clause or columns gets a 422, not a wider shape.
  const parsedArgs = shape.args.parse(args);

  const context: ShapeContext = { accountId: account.id };
  if (shape.property) {
    // Staff are scoped to existing properties: the scope check needs no query.
    const propertyId = shape.property(parsedArgs);
    if (!staffCovers(account, propertyId)) return problem({ status: 404, code: "not_found" });
    if (shape.needsTimeZone) {
      const timeZone = await propertyTimeZone(propertyId);
      if (!timeZone) return problem({ status: 404, code: "not_found" });
      context.timeZone = timeZone;
    }
  }

  const upstream = shapeUpstream();
  if (!upstream) return problem({ status: 503, code: "sync_unavailable", headers: { "Retry-After": "5" } });
  const query = new URLSearchParams();
  query.set("table", shape.table);
  query.set("where", shape.where);
  query.set("columns", shape.columns.join(","));
  shape.params(parsedArgs, context).forEach((value, index) => query.set(`params[${index + 1}]`, value));
  for (const [key, value] of Object.entries(parsedProtocol)) if (value !== undefined) query.set(key, value);

  if (upstream.serve) {
    const answer: ShapeAnswer = await upstream.serve(query, request.signal);
    if (request.signal.aborted) return new Response(null, { status: 499 });
    return passBack(answer.status, (header) => answer.headers[header] ?? null, answer.body);
  }
  if (upstream.secret) query.set("secret", upstream.secret);
  let answer: Response;
  try {
    answer = await fetch(new URL(`/v1/shape?${query}`, upstream.url), {
      signal: request.signal,
      headers: { accept: "application/json" },
    });
  } catch (error) {
    if (request.signal.aborted) return new Response(null, { status: 499 });
    console.error("shape upstream unreachable:", (error as Error).message);
    return problem({ status: 503, code: "sync_unavailable", headers: { "Retry-After": "5" } });
  }
  return passBack(answer.status, (header) => answer.headers.get(header), answer.body);
}

/** The upstream's answer with the headers the client needs, made private to the caller. */
function passBack(status: number, header: (name: string) => string | null, body: Forwarded["body"]): Forwarded {
  const headers: Record<string, string> = { vary: "Cookie, Authorization" };
  for (const name of PASSED_HEADERS) {
    const value = header(name);
    if (value !== null) headers[name] = value;
  }
  // What one person may read must not sit in a shared cache.
  const cacheControl = header("cache-control");
  headers["cache-control"] = cacheControl ? cacheControl.replace(/\bpublic\b/, "private") : "no-store";
  return { status, headers, body };
}

const timeZones = new Map<string, Believed<string>>();

/** A property's time zone (the bookings-since shape's params), read at most SESSION_BELIEVED_MS ago. */
function propertyTimeZone(propertyId: string): Promise<string | undefined> {
  return believe(timeZones, propertyId, async () => (await getPropertyRules(propertyId))?.timeZone);
}
