// POST /api/v1/bookings/{reference}/extend-hold (front desk): one more hold duration, once;
// a second time 409 hold_already_extended.
import type { ActionFunctionArgs } from "@remix-run/node";
import { bookingJson } from "~/api/bookings.server";
import { deskIdempotency, requireDesk, requireDeskBooking } from "~/api/desk.server";
import { apiHandler, json, methodNotAllowed, onlyMethods } from "~/api/problem.server";
import { extendHold } from "~/booking/desk.server";

export const loader = onlyMethods(["POST"]);

export const action = ({ request, params }: ActionFunctionArgs) =>
  apiHandler(request, async () => {
    if (request.method !== "POST") return methodNotAllowed(["POST"]);
    const { auth, actor } = await requireDesk(request);
    const booking = await requireDeskBooking(auth, params.reference);
    const idempotency = deskIdempotency(
      request,
      auth,
      { command: "extend-hold", reference: booking.reference },
      { required: false },
    );
    const result = await extendHold({ reference: booking.reference }, actor, idempotency);
    return json(
      { booking: bookingJson(result.booking), txid: result.txid },
      { headers: result.replayed ? { "Idempotent-Replayed": "true" } : {} },
    );
  });
