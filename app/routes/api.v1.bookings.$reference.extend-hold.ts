// POST /api/v1/bookings/{reference}/extend-hold (front desk): one more hold duration, once;
// a second time 409 hold_already_extended.
import { deskCommand } from "~/api/desk.server";
import { onlyMethods } from "~/api/problem.server";
import { extendHold } from "~/booking/desk.server";

export const loader = onlyMethods(["POST"]);

export const action = deskCommand({
  command: "extend-hold",
  on: "booking",
  run: ({ reference }, { actor, idempotency }) => extendHold({ reference: reference! }, actor, idempotency),
});
