// GET /api/v1/availability?propertyId=&checkIn=&checkOut=&adults=[&children=&rooms=&accessibility=]
import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiHandler, onlyMethods } from "~/api/problem.server";
import { RateLimited, clientIp, rateLimit } from "~/auth/throttle.server";
import { keptSearch, searchAvailabilityJson } from "~/booking/availability.server";
import { availabilityQuerySchema } from "~/booking/schemas";
import { taggedJson, type KeptRead } from "~/http/kept-read";
import { wholeResponse } from "~/http/whole-body";

// Availability changes with any booking: a client may keep an answer, but asks again each time (ADR 023).
export const loader = ({ request }: LoaderFunctionArgs) =>
  apiHandler(request, async () => {
    await rateLimit("search", clientIp(request));
    const url = new URL(request.url);
    const raw: Record<string, string | string[]> = {};
    for (const key of new Set(url.searchParams.keys())) {
      const values = url.searchParams.getAll(key);
      raw[key] = values.length > 1 ? values : values[0];
    }
    const query = availabilityQuerySchema.parse(raw);
    const json = await searchAvailabilityJson(query, url.search);
    const { status, headers, body } = taggedJson(json, request.headers.get("if-none-match"));
    return body ? wholeResponse(json.text, { status, headers }) : new Response(null, { status, headers });
  });

/** The same search asked again while its answer still holds: sent as kept, without the loader. */
export const keptRead: KeptRead = async ({ search, ifNoneMatch, clientIp: ip }) => {
  const kept = keptSearch(search);
  if (!kept) return undefined;
  try {
    await rateLimit("search", ip);
  } catch (error) {
    // The loader answers a refusal, translated.
    if (error instanceof RateLimited) return undefined;
    throw error;
  }
  return taggedJson(kept, ifNoneMatch);
};

export const action = onlyMethods(["GET"]);
