// POST /api/v1/holds (front-desk bearer token, Idempotency-Key): hold a room
// for a walk-in for the property's hold duration; a named room that is taken
// answers 409 room_unavailable with the next free rooms of its type.
import type { ActionFunctionArgs } from "@remix-run/node";
import { bookingJson } from "~/api/bookings.server";
import { deskIdempotency, requireDesk } from "~/api/desk.server";
import { apiHandler, json, methodNotAllowed, onlyMethods, problem } from "~/api/problem.server";
import { readJsonBody } from "~/api/request.server";
import { staffCovers } from "~/auth/session.server";
import { placeHold } from "~/booking/desk.server";
import { holdRequestSchema } from "~/booking/schemas";

export const loader = onlyMethods(["POST"]);

export const action = ({ request }: ActionFunctionArgs) =>
  apiHandler(request, async () => {
    if (request.method !== "POST") return methodNotAllowed(["POST"]);
    const { auth, actor } = await requireDesk(request);
    const body = holdRequestSchema.parse(await readJsonBody(request));
    const idempotency = deskIdempotency(request, auth, { command: "hold", ...body }, { required: true });
    if (!staffCovers(auth.account, body.propertyId)) return problem({ status: 404, code: "property_not_found" });
    const result = await placeHold(body, actor, idempotency);
    return json(
      { booking: bookingJson(result.booking), txid: result.txid },
      {
        status: 201,
        headers: {
          Location: `/api/v1/bookings/${result.booking.reference}`,
          ...(result.replayed ? { "Idempotent-Replayed": "true" } : {}),
        },
      },
    );
  });
