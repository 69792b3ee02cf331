// POST /api/v1/reservations/{id}/check-in (front desk): on or after the arrival day,
// the room clean or inspected, the guest's identity checked; else 409 with the rule's code.
import { deskCommand } from "~/api/desk.server";
import { onlyMethods } from "~/api/problem.server";
import { checkIn } from "~/booking/stays.server";

export const loader = onlyMethods(["POST"]);

export const action = deskCommand({
  command: "check-in",
  on: "reservation",
  run: ({ reservationId }, { actor, idempotency }) => checkIn({ reservationId: reservationId! }, actor, idempotency),
});
