// POST /api/v1/properties/{id}/night-audit (managers and admins of the
// property): the night audit's no-show step now - every confirmed stay whose
// arrival day is over in the property's time zone becomes a no-show, in one
// audited transaction. Answers the reservations it marked and the txid.
import type { ActionFunctionArgs } from "@remix-run/node";
import { requireDeskManager } from "~/api/desk.server";
import { apiHandler, json, methodNotAllowed, onlyMethods } from "~/api/problem.server";
import { runNightAudit } from "~/booking/house.server";

export const loader = onlyMethods(["POST"]);

export const action = ({ request, params }: ActionFunctionArgs) =>
  apiHandler(request, async () => {
    if (request.method !== "POST") return methodNotAllowed(["POST"]);
    const { actor, propertyId } = await requireDeskManager(request, params.propertyId);
    const result = await runNightAudit({ propertyId }, actor);
    return json({ noShows: result.noShows, txid: result.txid });
  });
