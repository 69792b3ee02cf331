// POST /api/v1/reservations/{id}/move {roomId} (front desk): another room, before or during
// the stay; a taken room is 409 room_unavailable with the next free rooms of its type.
import type { ActionFunctionArgs } from "@remix-run/node";
import { bookingJson } from "~/api/bookings.server";
import { deskIdempotency, requireDesk, requireDeskReservation } from "~/api/desk.server";
import { apiHandler, json, methodNotAllowed, onlyMethods } from "~/api/problem.server";
import { readJsonBody } from "~/api/request.server";
import { moveRoom } from "~/booking/stays.server";
import { moveRoomSchema } from "~/booking/schemas";

export const loader = onlyMethods(["POST"]);

export const action = ({ request, params }: ActionFunctionArgs) =>
  apiHandler(request, async () => {
    if (request.method !== "POST") return methodNotAllowed(["POST"]);
    const { auth, actor } = await requireDesk(request);
    const reservationId = await requireDeskReservation(auth, params.reservationId);
    const body = moveRoomSchema.parse(await readJsonBody(request));
    const idempotency = deskIdempotency(
      request,
      auth,
      { command: "move", reservationId, ...body },
      {
        required: false,
      },
    );
    const result = await moveRoom({ reservationId, ...body }, actor, idempotency);
    return json(
      { booking: bookingJson(result.booking), txid: result.txid },
      { headers: result.replayed ? { "Idempotent-Replayed": "true" } : {} },
    );
  });
