// POST /api/v1/bookings/{reference}/cancel: the owner or front-desk staff cancel.
import type { ActionFunctionArgs } from "@remix-run/node";
import { bookingJson, requireReadableBooking } from "~/api/bookings.server";
import { apiHandler, json, methodNotAllowed, problem } from "~/api/problem.server";
import { requireAccount } from "~/api/request.server";
import { isStaff } from "~/auth/session.server";
import { cancelBooking } from "~/booking/booking.server";

export const loader = () => methodNotAllowed(["POST"]);

export const action = ({ request, params }: ActionFunctionArgs) =>
  apiHandler(async () => {
    if (request.method !== "POST") return methodNotAllowed(["POST"]);
    const account = await requireAccount(request);
    const booking = await requireReadableBooking(account, params.reference);
    if (account.role === "auditor") {
      return problem({ status: 403, code: "forbidden", title: "Auditors can read bookings but not change them." });
    }
    const channel = isStaff(account) ? "front_desk" : "online";
    const result = await cancelBooking({ reference: booking.reference }, { id: `account:${account.id}`, channel });
    return json({ booking: bookingJson(result.booking), txid: result.txid });
  });
