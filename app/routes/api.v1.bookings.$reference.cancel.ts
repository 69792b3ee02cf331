// POST /api/v1/bookings/{reference}/cancel: the owner or front-desk staff cancel.
import type { ActionFunctionArgs } from "@remix-run/node";
import { bookingJson, requireReadableBooking } from "~/api/bookings.server";
import { apiHandler, json, methodNotAllowed, problem, onlyMethods } from "~/api/problem.server";
import { requireAccount } from "~/api/request.server";
import { can } from "~/auth/permissions";
import { isStaff, staffCovers } from "~/auth/session.server";
import { cancelBooking } from "~/booking/booking.server";

export const loader = onlyMethods(["POST"]);

export const action = ({ request, params }: ActionFunctionArgs) =>
  apiHandler(request, async () => {
    if (request.method !== "POST") return methodNotAllowed(["POST"]);
    const account = await requireAccount(request);
    const booking = await requireReadableBooking(account, params.reference);
    const own = booking.accountId === account.id && can(account.role, "booking:cancel_own");
    const property = can(account.role, "booking:cancel_property") && staffCovers(account, booking.propertyId);
    if (!own && !property) {
      return problem({ status: 403, code: "forbidden", titleKey: "api.cancel_forbidden" });
    }
    const channel = isStaff(account) ? "front_desk" : "online";
    const result = await cancelBooking({ reference: booking.reference }, { id: `account:${account.id}`, channel });
    return json({ booking: bookingJson(result.booking), txid: result.txid });
  });
