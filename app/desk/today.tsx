// Today's arrivals, guests in house and departures, with the search by name or reference.
import { Form, Link, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { DeskStay } from "~/booking/desk-reads.server";
import { Button } from "~/ui/form";
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
