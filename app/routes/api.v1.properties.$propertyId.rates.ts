// The rate calendar of a property (managers and admins of it):
//   GET /api/v1/properties/{id}/rates?roomTypeId=&from=&to=  price and restrictions per night, per rate plan
//   PUT /api/v1/properties/{id}/rates {ratePlanId, roomTypeId, nights: [{date, price?, minStay?,
//       closedToArrival?, closedToDeparture?, stopSell?}]}  each field given is set; one audited transaction
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiHandler, json, methodNotAllowed } from "~/api/problem.server";
import { requirePropertyManager } from "~/api/property-setup.server";
import { readJsonBody } from "~/api/request.server";
import { changeRates, readRateCalendar } from "~/booking/rates.server";
import { rateCalendarPutSchema, rateCalendarQuerySchema } from "~/booking/schemas";

export const loader = ({ request, params }: LoaderFunctionArgs) =>
  apiHandler(request, async () => {
    const { propertyId } = await requirePropertyManager(request, params.propertyId);
    const query = rateCalendarQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    return json({ calendar: await readRateCalendar({ propertyId, ...query }) });
  });

export const action = ({ request, params }: ActionFunctionArgs) =>
  apiHandler(request, async () => {
    if (request.method !== "PUT") return methodNotAllowed(["GET", "PUT"]);
    const { actor, propertyId } = await requirePropertyManager(request, params.propertyId);
    const body = rateCalendarPutSchema.parse(await readJsonBody(request, 64 * 1024));
    const result = await changeRates(
      {
        propertyId,
        ratePlanId: body.ratePlanId,
        roomTypeIds: [body.roomTypeId],
        days: body.nights.map(({ date, ...values }) => ({ roomTypeId: body.roomTypeId, date, ...values })),
      },
      actor,
    );
    return json({ changed: result.days, txid: result.txid });
  });
