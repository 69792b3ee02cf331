// POST /api/v1/bookings/{reference}/release (front desk): end a hold now; the room is free at once.
import type { ActionFunctionArgs } from "@remix-run/node";
import { bookingJson } from "~/api/bookings.server";
import { deskIdempotency, requireDesk, requireDeskBooking } from "~/api/desk.server";
import { apiHandler, json, methodNotAllowed, onlyMethods } from "~/api/problem.server";
import { releaseHold } from "~/booking/desk.server";

export const loader = onlyMethods(["POST"]);

export const action = ({ request, params }: ActionFunctionArgs) =>
  apiHandler(request, async () => {
    if (request.method !== "POST") return methodNotAllowed(["POST"]);
    const { auth, actor } = await requireDesk(request);
    const booking = await requireDeskBooking(auth, params.reference);
    const idempotency = deskIdempotency(
      request,
      auth,
      { command: "release", reference: booking.reference },
      { required: false },
    );
    const result = await releaseHold({ reference: booking.reference }, actor, idempotency);
    return json(
      { booking: bookingJson(result.booking), txid: result.txid },
      { headers: result.replayed ? { "Idempotent-Replayed": "true" } : {} },
    );
  });
