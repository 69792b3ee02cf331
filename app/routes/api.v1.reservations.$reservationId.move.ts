// POST /api/v1/reservations/{id}/move {roomId} (front desk): another room, before or during
// the stay; a taken room is 409 room_unavailable with the next free rooms of its type.
import { deskCommand } from "~/api/desk.server";
import { onlyMethods } from "~/api/problem.server";
import { moveRoomSchema } from "~/booking/schemas";
import { moveRoom } from "~/booking/stays.server";

export const loader = onlyMethods(["POST"]);

export const action = deskCommand({
  command: "move",
  on: "reservation",
  body: moveRoomSchema,
  run: ({ reservationId, ...body }, { actor, idempotency }) =>
    moveRoom({ reservationId: reservationId!, ...body }, actor, idempotency),
});
