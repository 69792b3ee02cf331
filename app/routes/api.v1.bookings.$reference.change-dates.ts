// POST /api/v1/bookings/{reference}/change-dates {checkIn, checkOut, reservationId?}:
// the owner or the property's staff move a stay, inventory re-checked - the
// guest keeps their room when it is free, else gets another of the same type,
// at the new dates' price. Asking twice for the same dates changes nothing more.
import type { ActionFunctionArgs } from "@remix-run/node";
import { bookingJson, requireReadableBooking } from "~/api/bookings.server";
import { apiHandler, json, methodNotAllowed, problem, onlyMethods } from "~/api/problem.server";
import { readJsonBody, requireAccount } from "~/api/request.server";
import { isStaff } from "~/auth/session.server";
import { mayCancel } from "~/booking/access.server";
import { changeDates } from "~/booking/booking.server";
import { changeDatesSchema } from "~/booking/schemas";

export const loader = onlyMethods(["POST"]);

export const action = ({ request, params }: ActionFunctionArgs) =>
  apiHandler(request, async () => {
    if (request.method !== "POST") return methodNotAllowed(["POST"]);
    const account = await requireAccount(request);
    const booking = await requireReadableBooking(account, params.reference);
    // Whoever may cancel a booking may change it.
    if (!mayCancel(account, booking)) {
      return problem({ status: 403, code: "forbidden", titleKey: "api.change_forbidden" });
    }
    const body = changeDatesSchema.parse(await readJsonBody(request));
    const channel = isStaff(account) ? "front_desk" : "online";
    const result = await changeDates(
      { reference: booking.reference, ...body },
      { id: `account:${account.id}`, channel },
    );
    return json({ booking: bookingJson(result.booking), txid: result.txid });
  });
