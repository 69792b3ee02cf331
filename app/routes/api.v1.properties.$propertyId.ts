// PATCH /api/v1/properties/{id} {holdMinutes} (managers and admins of the
// property): how long the desk's holds last there, 1 to 240 minutes; holds
// already placed keep their deadline. Audited; answers the write's txid.
import type { ActionFunctionArgs } from "@remix-run/node";
import { requireDeskManager } from "~/api/desk.server";
import { apiHandler, json, methodNotAllowed, onlyMethods } from "~/api/problem.server";
import { readJsonBody } from "~/api/request.server";
import { setHoldMinutes } from "~/booking/house.server";
import { propertySettingsSchema } from "~/booking/schemas";

export const loader = onlyMethods(["PATCH"]);

export const action = ({ request, params }: ActionFunctionArgs) =>
  apiHandler(request, async () => {
    if (request.method !== "PATCH") return methodNotAllowed(["PATCH"]);
    const { actor, propertyId } = await requireDeskManager(request, params.propertyId);
    const body = propertySettingsSchema.parse(await readJsonBody(request));
    const result = await setHoldMinutes({ propertyId, holdMinutes: body.holdMinutes }, actor);
    return json({ property: { id: propertyId, holdMinutes: result.holdMinutes }, txid: result.txid });
  });
