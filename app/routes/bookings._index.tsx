// My bookings: upcoming and past stays of the signed-in guest.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireWebPermission } from "~/web/auth.server";
import { listAccountBookings, type BookingView } from "~/booking/reads.server";
import { catalogueText, localizeBooking } from "~/booking/catalogue-text.server";
import { todayIn } from "~/booking/dates";
import { getPropertyRules } from "~/booking/property.server";
import { pageTitle } from "~/web/page.server";
import { formatMoney } from "~/i18n/money";
import { readShape } from "~/sync/shape-rows.server";
import { useRevalidateOnShapeChange } from "~/sync/use-shape";
import { LiveStatus } from "~/ui/live-status";
import { formatDate } from "~/ui/format";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { account } = await requireWebPermission(request, "booking:read_own");
  const [found, text] = await Promise.all([listAccountBookings(account.id), catalogueText(request)]);
  const bookings = found.map((booking) => localizeBooking(booking, text));
  const today = new Map<string, string>();
  for (const booking of bookings) {
    if (!today.has(booking.propertyId)) {
      const rules = await getPropertyRules(booking.propertyId);
      today.set(booking.propertyId, todayIn(rules?.timeZone ?? "UTC"));
    }
  }
  const lastNight = (booking: BookingView) =>
    booking.reservations
      .map((r) => r.checkOut)
      .sort()
      .at(-1) ?? "";
  const upcoming = bookings.filter((b) => lastNight(b) > today.get(b.propertyId)!).reverse();
  const past = bookings.filter((b) => lastNight(b) <= today.get(b.propertyId)!);
  // What the live shape starts from: a change to any booking (from another device, the front desk) reloads the list.
  const versions = await readShape<BookingVersion>("my-bookings", {}, { accountId: account.id });
  return { upcoming, past, versions, title: await pageTitle(request, "titles.bookings") };
}

function BookingList({ bookings }: { bookings: BookingView[] }) {
  const { t, i18n } = useTranslation();
  return (
    <ul className="mt-4 flex flex-col gap-3">
      {bookings.map((booking) => {
        const first = booking.reservations[0];
        return (
          <li key={booking.reference} className="rounded-lg border border-stone-200 bg-white p-4">
            <a href={`/bookings/${booking.reference}`} className="font-semibold underline">
              {first?.roomTypeName} · {booking.reference}
            </a>
            {first && (
              <p className="mt-1">
                {formatDate(first.checkIn, i18n.language)} – {formatDate(first.checkOut, i18n.language)} ·{" "}
                {formatMoney(booking.totalPrice, booking.currency, i18n.language)} · {t(`status.${booking.status}`)}
              </p>
            )}
          </li>
        );
      })}
    </ul>
  );
}

type BookingVersion = { id: string; version: number | string };

export default function Bookings() {
  const { t } = useTranslation();
  const { upcoming, past, versions } = useLoaderData<typeof loader>();
  const status = useRevalidateOnShapeChange<BookingVersion>(
    "my-bookings",
    {},
    versions,
    (row) => `${row.id}:${row.version}`,
  );
  return (
    <main id="main" className="mx-auto max-w-3xl p-6">
      <h1 className="text-3xl font-semibold">{t("titles.bookings")}</h1>
      {/* Live, and says so honestly when it is not. */}
      <LiveStatus status={status} />
      <section aria-labelledby="upcoming" className="mt-6">
        <h2 id="upcoming" className="text-xl font-semibold">
          {t("bookings.upcoming")}
        </h2>
        {upcoming.length ? <BookingList bookings={upcoming} /> : <p className="mt-2">{t("bookings.none")}</p>}
      </section>
      <section aria-labelledby="past" className="mt-8">
        <h2 id="past" className="text-xl font-semibold">
          {t("bookings.past")}
        </h2>
        {past.length ? <BookingList bookings={past} /> : <p className="mt-2">{t("bookings.none")}</p>}
      </section>
    </main>
  );
}
