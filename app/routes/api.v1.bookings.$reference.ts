// GET /api/v1/bookings/{reference}: for the booking's owner or staff of its property.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { bookingJson, requireReadableBooking } from "~/api/bookings.server";
import { apiHandler, json, onlyMethods } from "~/api/problem.server";
import { requireAccount } from "~/api/request.server";

export const loader = ({ request, params }: LoaderFunctionArgs) =>
  apiHandler(request, async () => {
    const account = await requireAccount(request);
    const booking = await requireReadableBooking(account, params.reference);
    return json({ booking: bookingJson(booking) });
  });

export const action = onlyMethods(["GET"]);
