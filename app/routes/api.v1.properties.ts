// GET /api/v1/properties: every property with its room types and rate plans.
import { apiHandler, json, methodNotAllowed } from "~/api/problem.server";
import { listProperties } from "~/booking/property.server";

export const loader = () => apiHandler(async () => json({ properties: await listProperties() }));

export const action = () => methodNotAllowed(["GET"]);
