// The walk-in with no network: a provisional booking on a chosen room, with
// the guest's details and identity, kept in the outbox and booked (hold and
// confirm at once) when the network returns.
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { BoardRoom } from "~/board/model";
import { addDays } from "~/booking/dates";
import { Button, Field } from "~/ui/form";
import { IdentityFields } from "./hold-panel";
import type { Desk } from "./model";
import { Adults, RoomSelect, StayDates } from "./stay-fields";

export function OfflineWalkIn({ desk, rooms }: { desk: Desk; rooms: BoardRoom[] }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="walk-in" className="rounded border border-stone-300 p-4" data-testid="offline-walk-in">
      <h2 id="walk-in" className="text-xl font-semibold">
        {t("desk.offline.walkInTitle")}
      </h2>
      <p className="mt-1 text-stone-700">{t("desk.offline.walkInNote")}</p>
      <Form method="post" preventScrollReset className="mt-3 grid gap-3 sm:grid-cols-2">
        <input type="hidden" name="intent" value="walk-in" />
        <StayDates idPrefix="offline" checkIn={desk.today} checkOut={addDays(desk.today, 1)} />
        <RoomSelect idPrefix="offline" rooms={rooms.filter((room) => !room.out_of_order)} />
        <Adults idPrefix="offline" defaultValue="1" />
        <Field id="offline-fullName" name="fullName" label={t("desk.guestName")} required />
        <Field id="offline-email" name="email" type="email" label={t("fields.email")} />
        <Field id="offline-phone" name="phone" type="tel" label={t("desk.phone")} />
        <IdentityFields idPrefix="offline" />
        <div className="flex items-end">
          <Button>{t("desk.offline.book")}</Button>
        </div>
      </Form>
    </section>
  );
}
