// POST /api/v1/bookings/{reference}/cancel: the owner or front-desk staff cancel.
import type { ActionFunctionArgs } from "@remix-run/node";
import { bookingJson, requireChangeableBooking } from "~/api/bookings.server";
import { apiHandler, json, methodNotAllowed, onlyMethods } from "~/api/problem.server";
import { requireApiAuth } from "~/api/request.server";
import { cancelBooking } from "~/booking/booking.server";

export const loader = onlyMethods(["POST"]);

export const action = ({ request, params }: ActionFunctionArgs) =>
  apiHandler(request, async () => {
    if (request.method !== "POST") return methodNotAllowed(["POST"]);
    const auth = await requireApiAuth(request);
    const { booking, actor } = await requireChangeableBooking(auth, params.reference, "api.cancel_forbidden");
    const result = await cancelBooking({ reference: booking.reference }, actor);
    return json({ booking: bookingJson(result.booking), txid: result.txid });
  });
