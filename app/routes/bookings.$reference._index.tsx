// One booking: what was booked, its state, a calendar file and cancelling.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireWebAuth } from "~/auth/web.server";
import { isCancellable, mayCancel, readableBooking } from "~/booking/access.server";
import { pageTitle } from "~/i18n/page.server";
import { BookingDetails } from "~/ui/booking-details";
import { Alert } from "~/ui/form";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { account } = await requireWebAuth(request);
  const booking = await readableBooking(account, params.reference);
  if (!booking) throw new Response("Not found", { status: 404 });
  return {
    booking,
    canCancel: mayCancel(account, booking) && isCancellable(booking),
    title: await pageTitle(request, "titles.booking"),
  };
}

export default function BookingPage() {
  const { t } = useTranslation();
  const { booking, canCancel } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <main id="main" className="mx-auto max-w-2xl p-6">
      <h1 className="text-3xl font-semibold">{t("titles.booking")}</h1>
      {params.get("new") && (
        <div className="mt-4">
          <Alert tone="info">{t("booking.confirmed", { reference: booking.reference })}</Alert>
        </div>
      )}
      {params.get("cancelled") && (
        <div className="mt-4">
          <Alert tone="info">{t("booking.cancelledNotice")}</Alert>
        </div>
      )}
      <BookingDetails booking={booking} />
      <div className="mt-6 flex flex-wrap gap-4">
        <a
          className="inline-block min-h-11 rounded border border-stone-500 bg-white px-5 py-2 font-medium"
          href={`/bookings/${booking.reference}/calendar.ics`}
          download
        >
          {t("booking.addToCalendar")}
        </a>
        {canCancel && (
          <a
            className="inline-block min-h-11 rounded border border-red-800 bg-white px-5 py-2 font-medium text-red-800"
            href={`/bookings/${booking.reference}/cancel`}
          >
            {t("booking.cancel")}
          </a>
        )}
        <a className="inline-block min-h-11 px-1 py-2 underline" href="/bookings">
          {t("titles.bookings")}
        </a>
      </div>
    </main>
  );
}
