// One stay's panel: its details and actions (check-in, check-out, no-show, a new departure, move, housekeeping).
import { Form, Link, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { BoardRoom } from "~/board/model";
import { addDays } from "~/booking/dates";
import type { DeskStay } from "~/booking/desk-reads.server";
import { HOUSEKEEPING_STATES } from "~/booking/schemas";
import { Button } from "~/ui/form";
import { formatDate } from "~/ui/format";
import { IdentityFields } from "./hold-panel";
import { SELECT, type Desk } from "./model";

export function StayPanel({ desk, stay, rooms }: { desk: Desk; stay: DeskStay; rooms: BoardRoom[] }) {
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const close = new URLSearchParams(params);
  close.delete("stay");
  close.delete("confirmed");
  const room = rooms.find((candidate) => candidate.id === stay.roomId);
  const housekeeping = room?.housekeeping_status ?? stay.housekeeping;
  return (
    <section aria-labelledby="stay" className="rounded border border-sky-700 p-4" data-testid="stay">
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h2 id="stay" tabIndex={-1} data-focus-here className="text-xl font-semibold">
          {t("desk.stayTitle", { name: stay.guestName ?? t("desk.noName"), reference: stay.reference })}
        </h2>
        <Link to={`?${close}`} preventScrollReset className="underline">
          {t("desk.close")}
        </Link>
      </div>
      <dl className="mt-2 grid grid-cols-2 gap-x-4 gap-y-1">
        <dt className="font-medium">{t("desk.room")}</dt>
        <dd>
          {stay.roomNumber} · {stay.roomTypeName}
        </dd>
        <dt className="font-medium">{t("desk.dates")}</dt>
        <dd>
          {formatDate(stay.checkIn, i18n.language)} – {formatDate(stay.checkOut, i18n.language)}
        </dd>
        <dt className="font-medium">{t("desk.state")}</dt>
        <dd data-testid="stay-status">{t(`status.${stay.status}`)}</dd>
        <dt className="font-medium">{t("board.housekeeping")}</dt>
        <dd data-testid="stay-housekeeping">{t(`board.housekeepingState.${housekeeping}`)}</dd>
        <dt className="font-medium">{t("desk.identity")}</dt>
        <dd>{stay.identityChecked ? t("desk.identityChecked") : t("desk.identityMissing")}</dd>
      </dl>
      <div className="mt-3 flex flex-wrap gap-3">
        {stay.status === "confirmed" && <StayButton stay={stay} intent="check-in" label={t("desk.checkIn")} primary />}
        {stay.status === "checked_in" && (
          <StayButton stay={stay} intent="check-out" label={t("desk.checkOut")} primary />
        )}
        {stay.status === "confirmed" && stay.checkIn < desk.today && (
          <StayButton stay={stay} intent="no-show" label={t("desk.noShow")} />
        )}
      </div>
      {desk.canCheckIdentity && stay.status === "confirmed" && !stay.identityChecked && stay.guestName && (
        <Form method="post" preventScrollReset className="mt-3 grid gap-3 sm:grid-cols-2">
          <input type="hidden" name="intent" value="identity" />
          <input type="hidden" name="reservationId" value={stay.id} />
          <IdentityFields idPrefix="identity" />
          <div className="flex items-end">
            <Button variant="secondary">{t("desk.recordIdentity")}</Button>
          </div>
        </Form>
      )}
      {(stay.status === "confirmed" || stay.status === "checked_in") && (
        // Stay longer or leave earlier: the arrival stays; a guest in house leaves tomorrow at the earliest.
        <Form method="post" preventScrollReset className="mt-3 flex flex-wrap items-end gap-3">
          <input type="hidden" name="intent" value="change-dates" />
          <input type="hidden" name="reservationId" value={stay.id} />
          <div className="flex flex-col gap-1">
            <label htmlFor="stay-checkOut" className="font-medium">
              {t("desk.newCheckOut")}
            </label>
            <input
              key={stay.checkOut}
              id="stay-checkOut"
              name="checkOut"
              type="date"
              required
              min={addDays(stay.checkIn < desk.today ? desk.today : stay.checkIn, 1)}
              defaultValue={stay.checkOut}
              className={SELECT}
            />
          </div>
          <Button variant="secondary">{t("desk.changeCheckOut")}</Button>
        </Form>
      )}
      {["held", "confirmed", "checked_in"].includes(stay.status) && (
        <Form method="post" preventScrollReset className="mt-3 flex flex-wrap items-end gap-3">
          <input type="hidden" name="intent" value="move" />
          <input type="hidden" name="reservationId" value={stay.id} />
          <div className="flex flex-col gap-1">
            <label htmlFor="move-roomId" className="font-medium">
              {t("desk.moveTo")}
            </label>
            <select id="move-roomId" name="roomId" className={SELECT}>
              {[...rooms]
                .filter((candidate) => candidate.id !== stay.roomId && !candidate.out_of_order)
                .sort((a, b) => a.number.localeCompare(b.number, undefined, { numeric: true }))
                .map((candidate) => (
                  <option key={candidate.id} value={candidate.id}>
                    {candidate.number}
                  </option>
                ))}
            </select>
          </div>
          <Button variant="secondary">{t("desk.move")}</Button>
        </Form>
      )}
      <Form method="post" preventScrollReset className="mt-3 flex flex-wrap items-end gap-3">
        <input type="hidden" name="intent" value="housekeeping" />
        <input type="hidden" name="roomId" value={stay.roomId} />
        <div className="flex flex-col gap-1">
          <label htmlFor="stay-housekeeping-state" className="font-medium">
            {t("desk.housekeepingOf", { number: stay.roomNumber })}
          </label>
          <select id="stay-housekeeping-state" name="state" className={SELECT} defaultValue={housekeeping}>
            {HOUSEKEEPING_STATES.map((state) => (
              <option key={state} value={state}>
                {t(`board.housekeepingState.${state}`)}
              </option>
            ))}
          </select>
        </div>
        <Button variant="secondary">{t("desk.setHousekeeping")}</Button>
      </Form>
    </section>
  );
}

function StayButton({
  stay,
  intent,
  label,
  primary,
}: {
  stay: DeskStay;
  intent: string;
  label: string;
  primary?: boolean;
}) {
  return (
    <Form method="post" preventScrollReset>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="reservationId" value={stay.id} />
      <Button variant={primary ? "primary" : "secondary"}>{label}</Button>
    </Form>
  );
}
