// One booking: what was booked, its state, a calendar file and cancelling.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireWebAuth } from "~/web/auth.server";
import { isCancellable, mayCancel, movableReservation, readableBooking } from "~/booking/access.server";
import { catalogueText, localizeBooking } from "~/booking/catalogue-text.server";
import { pageTitle } from "~/web/page.server";
import { BookingDetails } from "~/ui/booking-details";
import { ConfirmDialog } from "~/ui/confirm-dialog";
import { formatDate } from "~/ui/format";
import { Alert } from "~/ui/form";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { account } = await requireWebAuth(request);
  const booking = await readableBooking(account, params.reference);
  if (!booking) throw new Response("Not found", { status: 404 });
  // Staff looking up a guest's booking are not told it is theirs.
  const own = booking.accountId === account.id;
  return {
    booking: localizeBooking(booking, await catalogueText(request)),
    own,
    canCancel: mayCancel(account, booking) && isCancellable(booking),
    canChange: mayCancel(account, booking) && movableReservation(booking) !== undefined,
    title: await pageTitle(request, own ? "titles.booking" : "titles.staffBooking"),
  };
}

export default function BookingPage() {
  const { t, i18n } = useTranslation();
  const { booking, own, canCancel, canChange } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <main id="main" className="mx-auto max-w-2xl p-6">
      <h1 className="text-3xl font-semibold">{t(own ? "titles.booking" : "titles.staffBooking")}</h1>
      {params.get("new") && (
        <div className="mt-4">
          <Alert tone="info">{t("booking.confirmed", { reference: booking.reference })}</Alert>
        </div>
      )}
      {params.get("changed") && (
        <div className="mt-4">
          <Alert tone="info">{t("change.changedNotice")}</Alert>
        </div>
      )}
      {params.get("cancelled") && (
        <div className="mt-4">
          <Alert tone="info">{t("booking.cancelledNotice")}</Alert>
        </div>
      )}
      <BookingDetails booking={booking} />
      <div className="mt-6 flex flex-wrap gap-4">
        {booking.status !== "cancelled" && (
          <a
            className="inline-block min-h-11 rounded border border-stone-500 bg-white px-5 py-2 font-medium"
            href={`/bookings/${booking.reference}/calendar.ics`}
            download
          >
            {t("booking.addToCalendar")}
          </a>
        )}
        {canChange && (
          <a
            className="inline-block min-h-11 rounded border border-stone-500 bg-white px-5 py-2 font-medium"
            href={`/bookings/${booking.reference}/change`}
          >
            {t("change.link")}
          </a>
        )}
        {canCancel && (
          <ConfirmDialog
            trigger={t("booking.cancel")}
            title={t("titles.cancel")}
            body={
              <p>
                {t("cancel.question", {
                  reference: booking.reference,
                  room: booking.reservations[0]?.roomTypeName ?? "",
                  checkIn: booking.reservations[0]
                    ? formatDate(booking.reservations[0].checkIn, i18n.language, "full")
                    : "",
                })}
              </p>
            }
            confirm={t("cancel.confirm")}
            keep={t("cancel.keep")}
            action={`/bookings/${booking.reference}/cancel`}
          />
        )}
        {own && (
          <a className="inline-block min-h-11 px-1 py-2 underline" href="/bookings">
            {t("titles.bookings")}
          </a>
        )}
      </div>
    </main>
  );
}
