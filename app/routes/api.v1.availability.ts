// GET /api/v1/availability?propertyId=&checkIn=&checkOut=&adults=[&children=&rooms=&accessibility=]
import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiHandler, json, onlyMethods } from "~/api/problem.server";
import { clientIp, rateLimit } from "~/auth/throttle.server";
import { searchAvailability } from "~/booking/availability.server";
import { availabilityQuerySchema } from "~/booking/schemas";

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
    return json(await searchAvailability(query));
  });

export const action = onlyMethods(["GET"]);
