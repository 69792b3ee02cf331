// POST /api/v1/reservations/{id}/no-show (front desk): a confirmed guest who never came,
// once their arrival day is over.
import { deskCommand } from "~/api/desk.server";
import { onlyMethods } from "~/api/problem.server";
import { markNoShow } from "~/booking/stays.server";

export const loader = onlyMethods(["POST"]);

export const action = deskCommand({
  command: "no-show",
  on: "reservation",
  run: ({ reservationId }, { actor, idempotency }) => markNoShow({ reservationId: reservationId! }, actor, idempotency),
});
