// GET /api/v1/availability?propertyId=&checkIn=&checkOut=&adults=[&children=&rooms=&accessibility=]
import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiHandler, jsonText, onlyMethods } from "~/api/problem.server";
import { clientIp, rateLimit } from "~/auth/throttle.server";
import { searchAvailabilityJson } from "~/booking/availability.server";
import { availabilityQuerySchema } from "~/booking/schemas";
import { noneMatchHits } from "~/http/etag";

export const loader = ({ request }: LoaderFunctionArgs) =>
  apiHandler(request, async () => {
    await rateLimit("search", clientIp(request));
    const params = new URL(request.url).searchParams;
    const raw: Record<string, string | string[]> = {};
    for (const key of new Set(params.keys())) {
      const values = params.getAll(key);
      raw[key] = values.length > 1 ? values : values[0];
    }
    const query = availabilityQuerySchema.parse(raw);
    const { text, etag } = await searchAvailabilityJson(query);
    // Availability changes with any booking: a client may keep an answer, but asks again each time (ADR 023).
    const headers = { ETag: etag, "Cache-Control": "no-cache" };
    if (noneMatchHits(request.headers.get("if-none-match"), etag)) return new Response(null, { status: 304, headers });
    return jsonText(text, { headers });
  });

export const action = onlyMethods(["GET"]);
