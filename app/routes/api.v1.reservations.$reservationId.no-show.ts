// POST /api/v1/reservations/{id}/no-show (front desk): a confirmed guest who never came,
// once their arrival day is over.
import type { ActionFunctionArgs } from "@remix-run/node";
import { bookingJson } from "~/api/bookings.server";
import { deskIdempotency, requireDesk, requireDeskReservation } from "~/api/desk.server";
import { apiHandler, json, methodNotAllowed, onlyMethods } from "~/api/problem.server";
import { markNoShow } from "~/booking/stays.server";

export const loader = onlyMethods(["POST"]);

export const action = ({ request, params }: ActionFunctionArgs) =>
  apiHandler(request, async () => {
    if (request.method !== "POST") return methodNotAllowed(["POST"]);
    const { auth, actor } = await requireDesk(request);
    const reservationId = await requireDeskReservation(auth, params.reservationId);
    const idempotency = deskIdempotency(request, auth, { command: "no-show", reservationId }, { required: false });
    const result = await markNoShow({ reservationId }, actor, idempotency);
    return json(
      { booking: bookingJson(result.booking), txid: result.txid },
      { headers: result.replayed ? { "Idempotent-Replayed": "true" } : {} },
    );
  });
