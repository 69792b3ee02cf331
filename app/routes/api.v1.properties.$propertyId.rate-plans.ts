// A property's rate plans (managers and admins of it):
//   GET  /api/v1/properties/{id}/rate-plans  every plan: names per language, policy, payment, room types, derivation
//   POST /api/v1/properties/{id}/rate-plans {code, name, cancellation, cancellationHours?, payment?, roomTypeIds?,
//        derivedFrom? {ratePlanId, percent}, translations?, isDefault?}  a new plan, audited; 422 naming the field
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiHandler, json, methodNotAllowed } from "~/api/problem.server";
import { requirePropertyManager } from "~/api/property-setup.server";
import { readJsonBody } from "~/api/request.server";
import { createRatePlan, listRatePlans } from "~/booking/rate-plans.server";
import { ratePlanCreateSchema } from "~/booking/schemas";

export const loader = ({ request, params }: LoaderFunctionArgs) =>
  apiHandler(request, async () => {
    const { propertyId } = await requirePropertyManager(request, params.propertyId);
    return json({ ratePlans: await listRatePlans(propertyId) });
  });

export const action = ({ request, params }: ActionFunctionArgs) =>
  apiHandler(request, async () => {
    if (request.method !== "POST") return methodNotAllowed(["GET", "POST"]);
    const { actor, propertyId } = await requirePropertyManager(request, params.propertyId);
    const body = ratePlanCreateSchema.parse(await readJsonBody(request));
    return json(await createRatePlan(propertyId, body, actor), { status: 201 });
  });
