// POST /api/v1/bookings/{reference}/change-dates {checkIn, checkOut, reservationId?}:
// the owner or the property's staff move a stay, inventory re-checked - the
// guest keeps their room when it is free, else gets another of the same type,
// at the new dates' price. Asking twice for the same dates changes nothing more.
// The property's front desk, managers and admins also change a guest in house:
// only the check-out, kept in the guest's room (409 room_unavailable with
// alternatives when it is taken for the new nights).
import type { ActionFunctionArgs } from "@remix-run/node";
import { bookingJson, requireChangeableBooking } from "~/api/bookings.server";
import { apiHandler, json, methodNotAllowed, onlyMethods } from "~/api/problem.server";
import { readJsonBody, requireApiAuth } from "~/api/request.server";
import { can } from "~/auth/permissions";
import { staffCovers } from "~/auth/session.server";
import { changeDates } from "~/booking/booking.server";
import { changeDatesSchema } from "~/booking/schemas";

export const loader = onlyMethods(["POST"]);

export const action = ({ request, params }: ActionFunctionArgs) =>
  apiHandler(request, async () => {
    if (request.method !== "POST") return methodNotAllowed(["POST"]);
    const auth = await requireApiAuth(request);
    const { booking, actor } = await requireChangeableBooking(auth, params.reference, "api.change_forbidden");
    const body = changeDatesSchema.parse(await readJsonBody(request));
    const inHouse = can(auth.account.role, "desk:operate") && staffCovers(auth.account, booking.propertyId);
    const result = await changeDates({ reference: booking.reference, ...body }, actor, { inHouse });
    return json({ booking: bookingJson(result.booking), txid: result.txid });
  });
