// GET /api/v1/properties: every property with its room types and rate plans.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiHandler, json, onlyMethods } from "~/api/problem.server";
import { listProperties } from "~/booking/property.server";

export const loader = ({ request }: LoaderFunctionArgs) =>
  apiHandler(request, async () => json({ properties: await listProperties() }));

export const action = onlyMethods(["GET"]);
