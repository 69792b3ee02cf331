// What a booking holds, as the guest sees it (their own page, or the
// manage-without-account page).
import { useTranslation } from "react-i18next";
import type { BookingView } from "~/booking/reads.server";
import { formatMoney } from "~/i18n/money";
import { formatDate } from "./format";

type Props = {
  booking: Pick<BookingView, "reference" | "status" | "totalPrice" | "currency"> & {
    reservations: Omit<BookingView["reservations"][number], "roomId" | "roomNumber">[];
  };
};

export function BookingDetails({ booking }: Props) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  return (
    <>
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
    </>
  );
}
