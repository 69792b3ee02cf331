// POST /api/v1/bookings/{reference}/confirm {guest, identity?} (front desk,
// Idempotency-Key): confirm a live hold with the guest's details and identity
// check; after the deadline 409 hold_expired, whether or not the sweeper ran.
import type { ActionFunctionArgs } from "@remix-run/node";
import { bookingJson } from "~/api/bookings.server";
import { deskIdempotency, requireDesk, requireDeskBooking } from "~/api/desk.server";
import { apiHandler, json, methodNotAllowed, onlyMethods } from "~/api/problem.server";
import { readJsonBody } from "~/api/request.server";
import { confirmDeskHold } from "~/booking/desk.server";
import { confirmHoldSchema } from "~/booking/schemas";

export const loader = onlyMethods(["POST"]);

export const action = ({ request, params }: ActionFunctionArgs) =>
  apiHandler(request, async () => {
    if (request.method !== "POST") return methodNotAllowed(["POST"]);
    const { auth, actor } = await requireDesk(request);
    const booking = await requireDeskBooking(auth, params.reference);
    const body = confirmHoldSchema.parse(await readJsonBody(request));
    const idempotency = deskIdempotency(
      request,
      auth,
      { command: "confirm", reference: booking.reference, ...body },
      {
        required: true,
      },
    );
    const result = await confirmDeskHold(
      { reference: booking.reference, ...body, checkedBy: auth.account.id },
      actor,
      idempotency,
    );
    return json(
      { booking: bookingJson(result.booking), txid: result.txid },
      { headers: result.replayed ? { "Idempotent-Replayed": "true" } : {} },
    );
  });
