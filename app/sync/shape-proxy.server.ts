// The authenticated shape proxy: the only way a browser reaches shapes. It
// checks the session and the caller's role and property, then sets table,
// where, params and columns itself from the app's shape definitions
// (./shapes); from the browser it takes only a shape's declared arguments and
// the protocol's own parameters (offset, handle, live, cursor), and it hands
// back the electric-* headers the client needs.
import { z } from "zod";
import { ELECTRIC_HEADERS } from "../../shape-server/protocol";
import { IGNORED_PARAMS, isShapeName, PROTOCOL_PARAMS, SHAPES, type ShapeContext } from "./shapes";
import { apiHandler, problem } from "~/api/problem.server";
import { requirePermission } from "~/api/request.server";
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

export function proxyShape(request: Request, name: string): Promise<Response> {
  return apiHandler(request, async () => {
    if (!isShapeName(name)) return problem({ status: 404, code: "not_found" });
    // One shape's spec; its argument type is erased here, checked by its own schema.
    const shape = SHAPES[name] as unknown as (typeof SHAPES)["rooms"];
    const account = await requirePermission(request, shape.permission);

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
        const property = await getPropertyRules(propertyId);
        if (!property) return problem({ status: 404, code: "not_found" });
        context.timeZone = property.timeZone;
      }
    }

    const upstream = shapeUpstream();
    if (!upstream) return problem({ status: 503, code: "sync_unavailable", headers: { "Retry-After": "5" } });
    const target = new URL("/v1/shape", upstream.url);
    target.searchParams.set("table", shape.table);
    target.searchParams.set("where", shape.where);
    target.searchParams.set("columns", shape.columns.join(","));
    shape.params(parsedArgs, context).forEach((value, index) => target.searchParams.set(`params[${index + 1}]`, value));
    for (const [key, value] of Object.entries(parsedProtocol))
      if (value !== undefined) target.searchParams.set(key, value);
    if (upstream.secret) target.searchParams.set("secret", upstream.secret);

    let answer: Response;
    try {
      answer = await fetch(target, { signal: request.signal, headers: { accept: "application/json" } });
    } catch (error) {
      if (request.signal.aborted) return new Response(null, { status: 499 });
      console.error("shape upstream unreachable:", (error as Error).message);
      return problem({ status: 503, code: "sync_unavailable", headers: { "Retry-After": "5" } });
    }
    const headers = new Headers({ vary: "Cookie, Authorization" });
    for (const header of PASSED_HEADERS) {
      const value = answer.headers.get(header);
      if (value !== null) headers.set(header, value);
    }
    // What one person may read must not sit in a shared cache.
    const cacheControl = answer.headers.get("cache-control");
    headers.set("cache-control", cacheControl ? cacheControl.replace(/\bpublic\b/, "private") : "no-store");
    return new Response(answer.body, { status: answer.status, headers });
  });
}
