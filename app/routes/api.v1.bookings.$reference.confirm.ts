// POST /api/v1/bookings/{reference}/confirm {guest, identity?} (front desk,
// Idempotency-Key): confirm a live hold with the guest's details and identity
// check; after the deadline 409 hold_expired, whether or not the sweeper ran.
import { deskCommand } from "~/api/desk.server";
import { onlyMethods } from "~/api/problem.server";
import { confirmDeskHold } from "~/booking/desk.server";
import { confirmHoldSchema } from "~/booking/schemas";

export const loader = onlyMethods(["POST"]);

export const action = deskCommand({
  command: "confirm",
  on: "booking",
  body: confirmHoldSchema,
  idempotencyRequired: true,
  run: ({ reference, ...body }, { auth, actor, idempotency }) =>
    confirmDeskHold({ reference: reference!, ...body, checkedBy: auth.account.id }, actor, idempotency),
});
