// One booking: what was booked, its state, a calendar file and cancelling.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireWebAuth } from "~/auth/web.server";
import { isCancellable, mayCancel, readableBooking } from "~/booking/access.server";
import { pageTitle } from "~/i18n/page.server";
import { formatMoney } from "~/money";
import { Alert } from "~/ui/form";
import { formatDate } from "~/ui/format";

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
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
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
      <dl className="mt-6 grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2">
        <dt className="font-medium">{t("booking.reference")}</dt>
        <dd className="font-mono text-lg">{booking.reference}</dd>
        <dt className="font-medium">{t("booking.status")}</dt>
        <dd>{t(`status.${booking.status}`)}</dd>
        <dt className="font-medium">{t("booking.total")}</dt>
        <dd>{formatMoney(booking.totalPrice, booking.currency, locale)}</dd>
      </dl>
      <h2 className="mt-6 text-xl font-semibold">{t("booking.rooms")}</h2>
      <ul className="mt-2 flex flex-col gap-3">
        {booking.reservations.map((reservation) => (
          <li key={reservation.id} className="rounded-lg border border-stone-200 bg-white p-4">
            <p className="font-semibold">{reservation.roomTypeName}</p>
            <p>
              {formatDate(reservation.checkIn, locale, "full")} – {formatDate(reservation.checkOut, locale, "full")}
            </p>
            <p>
              {t("book.adults", { count: reservation.adults })} ·{" "}
              {formatMoney(reservation.price, reservation.currency, locale)} · {t(`status.${reservation.status}`)}
            </p>
          </li>
        ))}
      </ul>
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
