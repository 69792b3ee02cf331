// POST /api/v1/reservations/{id}/check-out (front desk): the stay ends, the room becomes dirty.
import { deskCommand } from "~/api/desk.server";
import { onlyMethods } from "~/api/problem.server";
import { checkOut } from "~/booking/stays.server";

export const loader = onlyMethods(["POST"]);

export const action = deskCommand({
  command: "check-out",
  on: "reservation",
  run: ({ reservationId }, { actor, idempotency }) => checkOut({ reservationId: reservationId! }, actor, idempotency),
});
