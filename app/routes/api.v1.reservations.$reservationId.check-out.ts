// POST /api/v1/reservations/{id}/check-out (front desk): the stay ends, the room becomes dirty.
import type { ActionFunctionArgs } from "@remix-run/node";
import { bookingJson } from "~/api/bookings.server";
import { deskIdempotency, requireDesk, requireDeskReservation } from "~/api/desk.server";
import { apiHandler, json, methodNotAllowed, onlyMethods } from "~/api/problem.server";
import { checkOut } from "~/booking/stays.server";

export const loader = onlyMethods(["POST"]);

export const action = ({ request, params }: ActionFunctionArgs) =>
  apiHandler(request, async () => {
    if (request.method !== "POST") return methodNotAllowed(["POST"]);
    const { auth, actor } = await requireDesk(request);
    const reservationId = await requireDeskReservation(auth, params.reservationId);
    const idempotency = deskIdempotency(request, auth, { command: "check-out", reservationId }, { required: false });
    const result = await checkOut({ reservationId }, actor, idempotency);
    return json(
      { booking: bookingJson(result.booking), txid: result.txid },
      { headers: result.replayed ? { "Idempotent-Replayed": "true" } : {} },
    );
  });
