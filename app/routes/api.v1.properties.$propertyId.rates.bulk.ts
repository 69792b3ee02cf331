// POST /api/v1/properties/{id}/rates/bulk (managers and admins of the property):
// {roomTypeIds, ratePlanId, from, to, weekdays?, price?, minStay?, closedToArrival?,
// closedToDeparture?, stopSell?} sets the values given on every chosen weekday
// from `from` to `to` (both included), for each room type, in one audited
// transaction ("Fridays and Saturdays in July: 180 €").
import type { ActionFunctionArgs } from "@remix-run/node";
import { apiHandler, json, methodNotAllowed, onlyMethods } from "~/api/problem.server";
import { requirePropertyManager } from "~/api/property-setup.server";
import { readJsonBody } from "~/api/request.server";
import { changeRatesInBulk } from "~/booking/rates.server";
import { rateCalendarBulkSchema } from "~/booking/schemas";

export const loader = onlyMethods(["POST"]);

export const action = ({ request, params }: ActionFunctionArgs) =>
  apiHandler(request, async () => {
    if (request.method !== "POST") return methodNotAllowed(["POST"]);
    const { actor, propertyId } = await requirePropertyManager(request, params.propertyId);
    const result = await changeRatesInBulk(
      propertyId,
      rateCalendarBulkSchema.parse(await readJsonBody(request)),
      actor,
    );
    return json({ changed: result.days, dates: result.dates, txid: result.txid });
  });
