// The room rack: rooms by night, each stay a cell across its nights, a grid with row and column headers;
// fifteen nights from `?from=` (two days back by default), paged a week earlier or later.
import { Link, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { BoardBlock, BoardReservation, BoardRoom } from "~/board/model";
import { MAX_DAYS_AHEAD, addDays, parseIsoDate } from "~/booking/dates";
import { formatDate } from "~/ui/format";
import { ScrollRegion } from "~/ui/scroll-region";
import { NIGHTS, NIGHTS_BACK, ON_RACK, STAY_STYLE, type Desk } from "./model";

/** How far a page of the rack moves. */
export const RACK_PAGE = 7;
/** How far back the rack pages: a year of history is plenty at a desk. */
const RACK_DAYS_BACK = 366;

/**
 * The rack's first night: `?from=` when it is a real date within a year back
 * and the published calendar ahead, else two days before today.
 */
export function rackFrom(requested: string | null, today: string): string {
  const fallback = addDays(today, -NIGHTS_BACK);
  if (!requested || !parseIsoDate(requested)) return fallback;
  if (requested < addDays(today, -RACK_DAYS_BACK) || requested > addDays(today, MAX_DAYS_AHEAD)) return fallback;
  return requested;
}

type RackCell = { night: string; span: number; stay?: BoardReservation; block?: BoardBlock };

/**
 * One room's row: each stay, and each window out of order, a cell spanning
 * its nights inside the window; free nights one cell each.
 */
function rackRow(stays: BoardReservation[], blocks: BoardBlock[], nights: string[]): RackCell[] {
  const cells: RackCell[] = [];
  for (let index = 0; index < nights.length;) {
    const night = nights[index];
    const stay = stays.find((candidate) => candidate.check_in <= night && night < candidate.check_out);
    const block = stay ? undefined : blocks.find((candidate) => candidate.starts <= night && night < candidate.ends);
    const end = stay?.check_out ?? block?.ends;
    if (!end) {
      cells.push({ night, span: 1 });
      index++;
      continue;
    }
    let span = 1;
    while (index + span < nights.length && nights[index + span] < end) span++;
    cells.push({ night, span, stay, block });
    index += span;
  }
  return cells;
}

export function Rack({
  desk,
  rooms,
  reservations,
  blocks = [],
}: {
  desk: Desk;
  rooms: BoardRoom[];
  reservations: BoardReservation[];
  /** Windows out of order (issue 11). */
  blocks?: BoardBlock[];
}) {
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const nights = Array.from({ length: NIGHTS }, (_, index) => addDays(desk.from, index));
  const byRoom = new Map<string, BoardReservation[]>();
  for (const reservation of reservations) {
    // A checked-out stay shows only on nights already past; the room is free again from today.
    if (!ON_RACK.has(reservation.status)) continue;
    const stay =
      reservation.status === "checked_out" && reservation.check_out > desk.today
        ? { ...reservation, check_out: desk.today }
        : reservation;
    if (stay.check_out <= stay.check_in) continue;
    byRoom.set(stay.room_id, [...(byRoom.get(stay.room_id) ?? []), stay]);
  }
  const sorted = [...rooms].sort(
    (a, b) => a.floor - b.floor || a.number.localeCompare(b.number, undefined, { numeric: true }),
  );
  const typeCode = new Map(desk.roomTypes.map((type) => [type.id, type.code]));
  const weekday = (night: string) =>
    new Intl.DateTimeFormat(i18n.language, { weekday: "short", day: "numeric", timeZone: "UTC" }).format(
      new Date(`${night}T00:00:00Z`),
    );
  const open = (stayId: string) => {
    const next = new URLSearchParams(params);
    next.set("stay", stayId);
    next.delete("confirmed");
    return `?${next}`;
  };
  const page = (from: string | null) => {
    const next = new URLSearchParams(params);
    if (from) next.set("from", from);
    else next.delete("from");
    next.delete("confirmed");
    return `?${next}`;
  };
  const pick = (roomId: string) => {
    const next = new URLSearchParams(params);
    next.set("room", roomId);
    for (const name of ["stay", "hold", "confirmed"]) next.delete(name);
    return `?${next}`;
  };
  return (
    <section aria-labelledby="rack" className="mt-8">
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h2 id="rack" className="text-xl font-semibold">
          {t("desk.rack")}
        </h2>
        <nav aria-label={t("desk.rackPages")} className="flex flex-wrap gap-4">
          <Link to={page(addDays(desk.from, -RACK_PAGE))} preventScrollReset className="underline" rel="prev">
            {t("desk.rackEarlier")}
          </Link>
          <Link to={page(null)} preventScrollReset className="underline">
            {t("desk.rackToday")}
          </Link>
          <Link to={page(addDays(desk.from, RACK_PAGE))} preventScrollReset className="underline" rel="next">
            {t("desk.rackLater")}
          </Link>
        </nav>
      </div>
      <p className="mt-1 text-sm text-stone-700" data-testid="rack-range">
        {t("desk.rackRange", {
          from: formatDate(desk.from, i18n.language),
          to: formatDate(addDays(desk.from, NIGHTS - 1), i18n.language),
        })}
      </p>
      <ul className="mt-3 flex flex-wrap gap-3 text-sm" aria-label={t("board.legend")}>
        {Object.entries(STAY_STYLE).map(([state, style]) => (
          <li key={state} className="flex items-center gap-1">
            <span className={`inline-block h-4 w-8 rounded border ${style}`} aria-hidden="true" />
            {t(`status.${state}`)}
          </li>
        ))}
      </ul>
      <ScrollRegion labelledBy="rack" className="mt-3">
        <table className="w-full border-collapse text-sm">
          <caption className="sr-only">{t("desk.rackCaption", { from: formatDate(desk.from, i18n.language) })}</caption>
          <thead>
            <tr>
              <th scope="col" className="sticky start-0 bg-stone-100 px-2 py-1 text-start">
                {t("desk.room")}
              </th>
              {nights.map((night) => (
                <th
                  key={night}
                  scope="col"
                  className={`whitespace-nowrap px-2 py-1 font-medium ${night === desk.today ? "bg-sky-900 text-white" : "bg-stone-100"}`}
                >
                  <time dateTime={night}>{weekday(night)}</time>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {sorted.map((room) => (
              <tr key={room.id} className="border-t border-stone-200">
                <th
                  scope="row"
                  className="sticky start-0 whitespace-nowrap bg-white px-2 py-1 text-start"
                  data-housekeeping={room.housekeeping_status}
                  data-room-type={typeCode.get(room.room_type_id)}
                >
                  <Link to={pick(room.id)} preventScrollReset className="underline">
                    {room.number}
                    <span className="sr-only"> ({t("desk.pickRoom")})</span>
                  </Link>{" "}
                  <span className="font-normal text-stone-600">{typeCode.get(room.room_type_id)}</span>{" "}
                  <span className="font-normal text-stone-700">
                    ·{" "}
                    {room.out_of_order
                      ? t("board.state.out_of_order")
                      : t(`board.housekeepingState.${room.housekeeping_status}`)}
                  </span>
                </th>
                {rackRow(
                  byRoom.get(room.id) ?? [],
                  blocks.filter((block) => block.room_id === room.id),
                  nights,
                ).map((cell) =>
                  cell.block ? (
                    <td
                      key={cell.night}
                      colSpan={cell.span}
                      data-room={room.number}
                      data-night={cell.night}
                      data-state="out_of_order"
                      className="border-s border-stone-200 p-0.5"
                    >
                      <span className="block truncate rounded border border-stone-500 bg-stone-200 px-1 py-0.5 text-stone-900">
                        {t("board.state.out_of_order")}: {cell.block.reason}
                      </span>
                    </td>
                  ) : cell.stay ? (
                    <td
                      key={cell.night}
                      colSpan={cell.span}
                      data-room={room.number}
                      data-night={cell.night}
                      data-state={cell.stay.status}
                      data-reservation={cell.stay.id}
                      className="border-s border-stone-200 p-0.5"
                    >
                      <Link
                        to={open(cell.stay.id)}
                        preventScrollReset
                        className={`block truncate rounded border px-1 py-0.5 ${STAY_STYLE[cell.stay.status]} focus-visible:outline focus-visible:outline-2 focus-visible:outline-teal-800`}
                      >
                        {desk.names[cell.stay.booking_id] ?? t("desk.noName")}
                        <span className="sr-only">, {t(`status.${cell.stay.status}`)}</span>
                      </Link>
                    </td>
                  ) : (
                    <td
                      key={cell.night}
                      data-room={room.number}
                      data-night={cell.night}
                      data-state="free"
                      className="border-s border-stone-200 px-1 py-1 text-center text-stone-500"
                    >
                      <span className="sr-only">{t("board.state.free")}</span>
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </section>
  );
}
