// PATCH /api/v1/properties/{id}/rate-plans/{ratePlanId} (managers and admins of the property):
// {name?, translations?, cancellation?, cancellationHours?, payment?, roomTypeIds?, derivedFrom?, isDefault: true?}
// change, audited with before and after; the code stays. Bookings already made keep their price and policy.
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { apiHandler, json, methodNotAllowed, onlyMethods, problem } from "~/api/problem.server";
import { requirePropertyManager } from "~/api/property-setup.server";
import { readJsonBody } from "~/api/request.server";
import { updateRatePlan } from "~/booking/rate-plans.server";
import { ratePlanPatchSchema } from "~/booking/schemas";

export const loader = onlyMethods(["PATCH"]);

export const action = ({ request, params }: ActionFunctionArgs) =>
  apiHandler(request, async () => {
    if (request.method !== "PATCH") return methodNotAllowed(["PATCH"]);
    const { actor, propertyId } = await requirePropertyManager(request, params.propertyId);
    const ratePlanId = z.uuid().safeParse(params.ratePlanId);
    if (!ratePlanId.success) throw problem({ status: 404, code: "rate_plan_not_found" });
    const body = ratePlanPatchSchema.parse(await readJsonBody(request));
    return json(await updateRatePlan(propertyId, ratePlanId.data, body, actor));
  });
