// One property's settings (managers and admins of the property):
//   GET   /api/v1/properties/{id}  name, address, time zone, currency, check-in/out times, hold duration,
//         city tax {perAdultNight, maxNights}, VAT {percent, included}, contact {email, phone}
//   PATCH /api/v1/properties/{id}  the fields given change, audited; answers {property, txid}. `holdMinutes`
//         (1 to 240) is how long the desk's holds last; holds already placed keep their deadline. A body of
//         `holdMinutes` alone is the desk's management command (its answer is {property: {id, holdMinutes}, txid}).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiHandler, json, methodNotAllowed, problem } from "~/api/problem.server";
import { requireDeskManager } from "~/api/desk.server";
import { requirePropertyManager } from "~/api/property-setup.server";
import { readJsonBody } from "~/api/request.server";
import { can } from "~/auth/permissions";
import { actorFor } from "~/booking/access.server";
import { setHoldMinutes } from "~/booking/house.server";
import { changePropertySettings, readPropertySettings } from "~/booking/property-settings.server";
import { propertySettingsSchema } from "~/booking/schemas";

export const loader = ({ request, params }: LoaderFunctionArgs) =>
  apiHandler(request, async () => {
    const { propertyId } = await requirePropertyManager(request, params.propertyId);
    return json({ property: await readPropertySettings(propertyId) });
  });

export const action = ({ request, params }: ActionFunctionArgs) =>
  apiHandler(request, async () => {
    if (request.method !== "PATCH") return methodNotAllowed(["GET", "PATCH"]);
    const desk = await requireDeskManager(request, params.propertyId);
    const { holdMinutes, ...rest } = propertySettingsSchema.parse(await readJsonBody(request));
    if (holdMinutes !== undefined && Object.keys(rest).length === 0) {
      const result = await setHoldMinutes({ propertyId: desk.propertyId, holdMinutes }, desk.actor);
      return json({ property: { id: desk.propertyId, holdMinutes: result.holdMinutes }, txid: result.txid });
    }
    // The rest is what the property sells and shows: the same roles today, asked of the one session.
    if (!can(desk.auth.account.role, "property:manage")) throw problem({ status: 403, code: "forbidden" });
    return json(await changePropertySettings(desk.propertyId, { holdMinutes, ...rest }, actorFor(desk.auth, "system")));
  });
