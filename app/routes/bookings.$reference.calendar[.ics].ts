// The booking as an iCalendar file (RFC 5545): one all-day event per stay.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireWebAuth } from "~/web/auth.server";
import { readableBooking } from "~/booking/access.server";
import { catalogueText, localizeBooking } from "~/booking/catalogue-text.server";
import { listProperties } from "~/booking/property.server";

const escapeText = (text: string) => text.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\n/g, "\\n");
const compact = (date: string) => date.replaceAll("-", "");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { account } = await requireWebAuth(request);
  const found = await readableBooking(account, params.reference);
  if (!found) throw new Response("Not found", { status: 404 });
  const booking = localizeBooking(found, await catalogueText(request));
  const [property] = await listProperties(booking.propertyId);
  const stamp = new Date()
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
  const events = booking.reservations
    .filter((r) => r.status !== "cancelled" && r.status !== "expired")
    .flatMap((r) => [
      "BEGIN:VEVENT",
      `UID:${r.id}@hotel-booking`,
      `DTSTAMP:${stamp}`,
      `DTSTART;VALUE=DATE:${compact(r.checkIn)}`,
      `DTEND;VALUE=DATE:${compact(r.checkOut)}`,
      `SUMMARY:${escapeText(`${property?.name ?? "Hotel"} – ${r.roomTypeName} (${booking.reference})`)}`,
      ...(property?.address ? [`LOCATION:${escapeText(property.address)}`] : []),
      `DESCRIPTION:${escapeText(`Booking ${booking.reference}. Check-in from ${property?.checkInTime ?? ""}, check-out by ${property?.checkOutTime ?? ""}.`)}`,
      "END:VEVENT",
    ]);
  const body = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//hotel-booking//EN",
    "CALSCALE:GREGORIAN",
    ...events,
    "END:VCALENDAR",
    "",
  ].join("\r\n");
  return new Response(body, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="${booking.reference}.ics"`,
      "Cache-Control": "no-store",
    },
  });
}
