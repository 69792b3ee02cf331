// Today's arrivals, guests in house and departures, with the search by name or reference; for
// managers and admins, the property's hold duration and the night audit (no-shows, after a confirmation).
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { DeskStay } from "~/booking/desk-reads.server";
import { Alert, Button } from "~/ui/form";
import { formatDate } from "~/ui/format";
import type { DeskAnswer } from "~/web/desk.server";
import { SELECT, type Desk } from "./model";

export function Today({ desk, searchRef }: { desk: Desk; searchRef: React.RefObject<HTMLInputElement> }) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const keep = [...params.entries()].filter(([name]) => ["property", "lng", "stay", "hold"].includes(name));
  return (
    <section aria-labelledby="today" className="mt-8">
      <h2 id="today" className="text-xl font-semibold">
        {t("desk.todayTitle")}
      </h2>
      <Form method="get" role="search" className="mt-3 flex flex-wrap items-end gap-3" preventScrollReset>
        {keep.map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <div className="flex flex-col gap-1">
          <label htmlFor="desk-search" className="font-medium">
            {t("desk.search")}
          </label>
          <input
            ref={searchRef}
            id="desk-search"
            name="q"
            type="search"
            defaultValue={desk.search}
            maxLength={100}
            className={SELECT}
          />
        </div>
        <Button variant="secondary">{t("desk.find")}</Button>
      </Form>
      <div className="mt-4 grid gap-6 [overflow-wrap:anywhere] md:grid-cols-3">
        <StayList id="arrivals" title={t("board.arrivals")} stays={desk.day.arrivals} />
        <StayList id="in-house" title={t("desk.inHouse")} stays={desk.day.inHouse} />
        <StayList id="departures" title={t("board.departures")} stays={desk.day.departures} />
      </div>
      {desk.canManage && <Manage desk={desk} />}
    </section>
  );
}

/** The manager's part of the desk: how long holds last, and the night audit's no-shows (asked twice). */
function Manage({ desk }: { desk: Desk }) {
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const answer = useActionData() as DeskAnswer | undefined;
  const audited = answer?.ok && answer.intent === "night-audit" ? answer : undefined;
  const asking = params.get("nightAudit") === "confirm" && !audited;
  const withAudit = (ask: boolean) => {
    const next = new URLSearchParams(params);
    if (ask) next.set("nightAudit", "confirm");
    else next.delete("nightAudit");
    return `?${next}`;
  };
  return (
    <section aria-labelledby="desk-manage" className="mt-6 rounded border border-stone-300 p-4">
      <h3 id="desk-manage" className="text-lg font-semibold">
        {t("desk.manage")}
      </h3>
      <Form method="post" preventScrollReset className="mt-3 flex flex-wrap items-end gap-3">
        <input type="hidden" name="intent" value="hold-minutes" />
        <div className="flex flex-col gap-1">
          <label htmlFor="desk-holdMinutes" className="font-medium">
            {t("desk.holdMinutes")}
          </label>
          <input
            key={desk.property.holdMinutes}
            id="desk-holdMinutes"
            name="holdMinutes"
            type="number"
            min={1}
            max={240}
            step={1}
            required
            defaultValue={desk.property.holdMinutes}
            className={SELECT}
          />
        </div>
        <Button variant="secondary">{t("desk.saveHoldMinutes")}</Button>
      </Form>
      <h4 className="mt-4 font-semibold">{t("desk.nightAudit")}</h4>
      {audited && (
        <div className="mt-2" data-testid="night-audit-done">
          <Alert tone="info">{t("desk.nightAuditDone", { count: audited.noShows ?? 0 })}</Alert>
        </div>
      )}
      {asking ? (
        <div className="mt-2 flex flex-col gap-3" data-testid="night-audit-confirm">
          <p>{t("desk.nightAuditQuestion", { date: formatDate(desk.today, i18n.language) })}</p>
          <div className="flex flex-wrap items-center gap-4">
            <Form method="post" preventScrollReset>
              <input type="hidden" name="intent" value="night-audit" />
              <Button>{t("desk.nightAuditRun")}</Button>
            </Form>
            <Link to={withAudit(false)} preventScrollReset className="underline">
              {t("desk.nightAuditCancel")}
            </Link>
          </div>
        </div>
      ) : (
        <p className="mt-2">
          <Link to={withAudit(true)} preventScrollReset className="underline">
            {t("desk.nightAuditStart")}
          </Link>
        </p>
      )}
    </section>
  );
}

function StayList({ id, title, stays }: { id: string; title: string; stays: DeskStay[] }) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const open = (stayId: string) => {
    const next = new URLSearchParams(params);
    next.set("stay", stayId);
    next.delete("confirmed");
    return `?${next}`;
  };
  return (
    <section aria-labelledby={id}>
      <h3 id={id} className="text-lg font-semibold">
        {title} ({stays.length})
      </h3>
      {stays.length === 0 ? (
        <p className="mt-1 text-stone-700">{t("board.none")}</p>
      ) : (
        <ul className="mt-1 flex flex-col gap-1" data-testid={id}>
          {stays.map((stay) => (
            <li key={stay.id}>
              <Link to={open(stay.id)} preventScrollReset className="underline">
                {stay.guestName ?? t("desk.noName")}
              </Link>{" "}
              · {t("board.roomWithNumber", { number: stay.roomNumber })} · {stay.reference} ·{" "}
              {t(`status.${stay.status}`)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
