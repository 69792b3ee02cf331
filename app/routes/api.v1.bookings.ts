// POST /api/v1/bookings (bearer token, Idempotency-Key): book and confirm at once.
import type { ActionFunctionArgs } from "@remix-run/node";
import { bookingJson } from "~/api/bookings.server";
import { apiHandler, json, methodNotAllowed, onlyMethods } from "~/api/problem.server";
import {
  readJsonBody,
  requestHash,
  requireBelievedApiAuth,
  requireIdempotencyKey,
  requireRole,
} from "~/api/request.server";
import { rateLimit } from "~/auth/throttle.server";
import { actorFor } from "~/booking/access.server";
import { book } from "~/booking/booking.server";
import { bookingRequestSchema } from "~/booking/schemas";

export const loader = onlyMethods(["POST"]);

export const action = ({ request }: ActionFunctionArgs) =>
  apiHandler(request, async () => {
    if (request.method !== "POST") return methodNotAllowed(["POST"]);
    // Believed for a second: the booking statement checks the session itself and refuses a dead one.
    const auth = requireRole(await requireBelievedApiAuth(request), "booking:create");
    const { account } = auth;
    await rateLimit("booking", account.id);
    const key = requireIdempotencyKey(request);
    const body = bookingRequestSchema.parse(await readJsonBody(request));
    const result = await book({ ...body, accountId: account.id, channel: "online" }, actorFor(auth), {
      caller: `account:${account.id}`,
      key,
      requestHash: requestHash(body),
    });
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
