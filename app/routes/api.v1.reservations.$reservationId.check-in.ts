// POST /api/v1/reservations/{id}/check-in (front desk): on or after the arrival day,
// the room clean or inspected, the guest's identity checked; else 409 with the rule's code.
import type { ActionFunctionArgs } from "@remix-run/node";
import { bookingJson } from "~/api/bookings.server";
import { deskIdempotency, requireDesk, requireDeskReservation } from "~/api/desk.server";
import { apiHandler, json, methodNotAllowed, onlyMethods } from "~/api/problem.server";
import { checkIn } from "~/booking/stays.server";

export const loader = onlyMethods(["POST"]);

export const action = ({ request, params }: ActionFunctionArgs) =>
  apiHandler(request, async () => {
    if (request.method !== "POST") return methodNotAllowed(["POST"]);
    const { auth, actor } = await requireDesk(request);
    const reservationId = await requireDeskReservation(auth, params.reservationId);
    const idempotency = deskIdempotency(request, auth, { command: "check-in", reservationId }, { required: false });
    const result = await checkIn({ reservationId }, actor, idempotency);
    return json(
      { booking: bookingJson(result.booking), txid: result.txid },
      { headers: result.replayed ? { "Idempotent-Replayed": "true" } : {} },
    );
  });
