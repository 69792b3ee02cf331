// A booking opened with an emailed one-time code, no account needed.
import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getBooking } from "~/booking/reads.server";
import { catalogueText, localizeBooking } from "~/booking/catalogue-text.server";
import { grantedReference } from "~/booking/guest-access.server";
import { pageTitle } from "~/web/page.server";
import { BookingDetails } from "~/ui/booking-details";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const reference = params.reference?.toUpperCase();
  if (!reference || (await grantedReference(request)) !== reference) throw redirect("/manage");
  const found = await getBooking(reference);
  if (!found) throw redirect("/manage");
  const booking = localizeBooking(found, await catalogueText(request));
  const { reference: ref, status, totalPrice, currency } = booking;
  // Room numbers are the front desk's business until check-in.
  const reservations = booking.reservations.map(({ roomId: _id, roomNumber: _number, ...reservation }) => reservation);
  return {
    booking: { reference: ref, status, totalPrice, currency, reservations },
    title: await pageTitle(request, "titles.booking"),
  };
}

export default function ManagedBooking() {
  const { t } = useTranslation();
  const { booking } = useLoaderData<typeof loader>();
  return (
    <main id="main" className="mx-auto max-w-2xl p-6">
      <h1 className="text-3xl font-semibold">{t("titles.booking")}</h1>
      <BookingDetails booking={booking} />
      <p className="mt-6">{t("manage.help")}</p>
    </main>
  );
}
