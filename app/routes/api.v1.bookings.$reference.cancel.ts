// POST /api/v1/bookings/{reference}/cancel: the owner or front-desk staff cancel.
import type { ActionFunctionArgs } from "@remix-run/node";
import { bookingJson, requireReadableBooking } from "~/api/bookings.server";
import { apiHandler, json, methodNotAllowed, problem, onlyMethods } from "~/api/problem.server";
import { requireAccount } from "~/api/request.server";
import { isStaff } from "~/auth/session.server";
import { mayCancel } from "~/booking/access.server";
import { cancelBooking } from "~/booking/booking.server";

export const loader = onlyMethods(["POST"]);

export const action = ({ request, params }: ActionFunctionArgs) =>
  apiHandler(request, async () => {
    if (request.method !== "POST") return methodNotAllowed(["POST"]);
    const account = await requireAccount(request);
    const booking = await requireReadableBooking(account, params.reference);
    if (!mayCancel(account, booking)) {
      return problem({ status: 403, code: "forbidden", titleKey: "api.cancel_forbidden" });
    }
    const channel = isStaff(account) ? "front_desk" : "online";
    const result = await cancelBooking({ reference: booking.reference }, { id: `account:${account.id}`, channel });
    return json({ booking: bookingJson(result.booking), txid: result.txid });
  });
