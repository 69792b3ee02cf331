// POST /api/v1/bookings/{reference}/release (front desk): end a hold now; the room is free at once.
import { deskCommand } from "~/api/desk.server";
import { onlyMethods } from "~/api/problem.server";
import { releaseHold } from "~/booking/desk.server";

export const loader = onlyMethods(["POST"]);

export const action = deskCommand({
  command: "release",
  on: "booking",
  run: ({ reference }, { actor, idempotency }) => releaseHold({ reference: reference! }, actor, idempotency),
});
