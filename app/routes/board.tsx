// The management's live occupancy board: rooms by night, today's arrivals and
// departures, occupancy, housekeeping and the day's channel mix. Rendered from
// the loader's rows first, then kept live by the rooms, reservations and
// bookings-since shapes; no reload, no custom push code.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { can } from "~/auth/permissions";
import { requireWebPermission } from "~/web/auth.server";
import { roomStateSchema, setRoomState } from "~/board/rooms.server";
import { boardProperty, boardRows, boardWindow } from "~/board/board.server";
import {
  BOARD_NIGHTS,
  boardModel,
  CELL_STATES,
  CHANNELS,
  HOUSEKEEPING,
  type BoardBlock,
  type BoardBooking,
  type BoardReservation,
  type BoardRoom,
  type CellState,
  type Occupancy,
} from "~/board/model";
import { addDays, todayIn } from "~/booking/dates";
import { readForm } from "~/web/form.server";
import { pageTitle } from "~/web/page.server";
import { useShapeRows, type ShapeStatus } from "~/sync/use-shape";
import { LiveStatus } from "~/ui/live-status";
import { ScrollRegion } from "~/ui/scroll-region";
import { Button } from "~/ui/form";
import { formatDate } from "~/ui/format";
import { useHydrated } from "~/ui/hydrated";
import { useRevalidate } from "~/ui/revalidate";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { account } = await requireWebPermission(request, "board:read");
  const url = new URL(request.url);
  const { property, properties } = await boardProperty(account, url.searchParams.get("property"));
  const title = await pageTitle(request, "titles.board");
  if (!property) return { title, board: null, properties };
  const range = boardWindow(property.timeZone, url.searchParams.get("from"));
  const rows = await boardRows(account, property, range);
  return {
    title,
    properties,
    canUpdateRooms: can(account.role, "room:update"),
    board: {
      property: { id: property.id, name: property.name, timeZone: property.timeZone },
      roomTypes: Object.fromEntries(property.roomTypes.map((type) => [type.id, type.code])),
      range,
      rows,
    },
  };
}

/** Change a room's housekeeping state or take it out of order; answers with the write's txid. */
export async function action({ request }: ActionFunctionArgs) {
  const auth = await requireWebPermission(request, "room:update");
  const form = await readForm(request);
  const fields = Object.fromEntries(
    ["roomId", "housekeeping", "outOfOrder"].map((name) => [name, form.get(name) || undefined]),
  );
  const parsed = roomStateSchema.safeParse(fields);
  if (!parsed.success) return data({ error: "board.change.invalid" as const }, { status: 422 });
  const result = await setRoomState(auth, parsed.data);
  if (!result) return data({ error: "board.change.notFound" as const }, { status: 404 });
  return { txid: result.txid };
}

const CELL_STYLE: Record<CellState, string> = {
  free: "bg-white text-stone-600",
  held: "bg-amber-100 text-amber-950",
  confirmed: "bg-sky-100 text-sky-950",
  in_house: "bg-emerald-100 text-emerald-950",
  out_of_order: "bg-stone-300 text-stone-950",
};

export default function BoardPage() {
  const { t } = useTranslation();
  const { board, canUpdateRooms } = useLoaderData<typeof loader>();
  return (
    <main id="main" className="mx-auto max-w-7xl p-6">
      <h1 className="text-3xl font-semibold">{t("titles.board")}</h1>
      {board ? (
        <LiveBoard board={board} canUpdateRooms={canUpdateRooms} />
      ) : (
        <p className="mt-4">{t("board.noProperty")}</p>
      )}
    </main>
  );
}

type LoaderBoard = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["board"]>;

function LiveBoard({ board, canUpdateRooms }: { board: LoaderBoard; canUpdateRooms: boolean }) {
  const { t, i18n } = useTranslation();
  const { property, range } = board;
  const rooms = useShapeRows<BoardRoom>("rooms", { propertyId: property.id }, board.rows.rooms);
  const reservations = useShapeRows<BoardReservation>(
    "reservations",
    { propertyId: property.id, from: range.shapeFrom, to: range.shapeTo },
    board.rows.reservations,
  );
  const bookings = useShapeRows<BoardBooking>(
    "bookings-since",
    { propertyId: property.id, day: range.today },
    board.rows.bookings,
  );
  const blocks = useShapeRows<BoardBlock>("room-blocks", { propertyId: property.id }, board.rows.blocks);
  // A board left open overnight moves on to the new day by itself (in the hotel's time zone).
  const revalidate = useRevalidate();
  useEffect(() => {
    const timer = setInterval(() => {
      if (todayIn(property.timeZone) !== range.today) revalidate();
    }, 60_000);
    return () => clearInterval(timer);
  }, [property.timeZone, range.today, revalidate]);
  const model = boardModel({
    rooms: rooms.rows,
    reservations: reservations.rows,
    bookings: bookings.rows,
    blocks: blocks.rows,
    from: range.from,
    nights: BOARD_NIGHTS,
    today: range.today,
  });
  const statuses = [rooms.status, reservations.status, bookings.status, blocks.status];
  const status: ShapeStatus = statuses.includes("refused")
    ? "refused"
    : statuses.includes("offline")
      ? "offline"
      : statuses.every((s) => s === "live")
        ? "live"
        : "connecting";
  const date = (night: string) => formatDate(night, i18n.language);
  const weekday = (night: string) =>
    new Intl.DateTimeFormat(i18n.language, { weekday: "short", day: "numeric", timeZone: "UTC" }).format(
      new Date(`${night}T00:00:00Z`),
    );
  const percent = (occupancy: Occupancy) =>
    new Intl.NumberFormat(i18n.language, { style: "percent", maximumFractionDigits: 1 }).format(
      occupancy.percent / 100,
    );

  return (
    <>
      <p className="mt-1 text-stone-700">
        {property.name} · {t("board.today", { date: date(range.today) })}
      </p>
      <LiveStatus status={status} />

      {model.toMove.length > 0 && (
        <section aria-labelledby="to-move" className="mt-4 rounded border border-red-700 bg-red-50 p-3 text-red-900">
          <h2 id="to-move" className="font-semibold">
            {t("board.toMove")}
          </h2>
          <ul className="mt-1 flex flex-col gap-1" data-testid="to-move">
            {model.toMove.map((item) => (
              <li key={item.id}>
                {t("board.roomWithNumber", { number: item.roomNumber })} · {t(`status.${item.status}`)} ·{" "}
                {date(item.check_in)} – {date(item.check_out)}
              </li>
            ))}
          </ul>
        </section>
      )}

      {model.outOfOrderWindows.length > 0 && (
        <section aria-labelledby="out-of-order" className="mt-4 rounded border border-stone-400 bg-stone-50 p-3">
          <h2 id="out-of-order" className="font-semibold">
            {t("board.outOfOrderWindows")}
          </h2>
          <ul className="mt-1 flex flex-col gap-1" data-testid="out-of-order">
            {model.outOfOrderWindows.map((block) => (
              <li key={block.id}>
                {t("board.roomWithNumber", { number: block.roomNumber })} · {date(block.starts)} – {date(block.ends)} ·{" "}
                {block.reason}
              </li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="summary" className="mt-6">
        <h2 id="summary" className="sr-only">
          {t("board.summary")}
        </h2>
        <dl className="grid grid-cols-2 gap-3 [overflow-wrap:anywhere] sm:grid-cols-4">
          <Figure label={t("board.occupancyTonight")} value={percent(model.tonight)} testId="occupancy-tonight">
            {t("board.roomsSold", { sold: model.tonight.sold, available: model.tonight.available })}
          </Figure>
          <Figure label={t("board.occupancyWeek")} value={percent(model.week)} testId="occupancy-week">
            {t("board.roomNightsSold", { sold: model.week.sold, available: model.week.available })}
          </Figure>
          <Figure label={t("board.arrivals")} value={String(model.arrivals.length)} testId="arrivals-count" />
          <Figure label={t("board.departures")} value={String(model.departures.length)} testId="departures-count" />
        </dl>
      </section>

      <div className="mt-6 grid gap-6 [overflow-wrap:anywhere] md:grid-cols-2 lg:grid-cols-4">
        <Movements title={t("board.arrivals")} id="arrivals" items={model.arrivals} />
        <Movements title={t("board.departures")} id="departures" items={model.departures} />
        <section aria-labelledby="housekeeping">
          <h2 id="housekeeping" className="text-lg font-semibold">
            {t("board.housekeeping")}
          </h2>
          <dl className="mt-2">
            {HOUSEKEEPING.map((state) => (
              <Count key={state} label={t(`board.housekeepingState.${state}`)} value={model.housekeeping[state] ?? 0} />
            ))}
            <Count label={t("board.state.out_of_order")} value={model.outOfOrder} />
          </dl>
        </section>
        <section aria-labelledby="channels">
          <h2 id="channels" className="text-lg font-semibold">
            {t("board.channels")}
          </h2>
          <dl className="mt-2" data-testid="channels">
            {CHANNELS.map((channel) => (
              <Count key={channel} label={t(`board.channel.${channel}`)} value={model.channels[channel] ?? 0} />
            ))}
          </dl>
        </section>
      </div>

      {canUpdateRooms && <RoomStateForm rooms={model.grid.map(({ room }) => room)} synced={rooms.synced} />}

      <section aria-labelledby="rack" className="mt-8">
        <div className="flex flex-wrap items-baseline justify-between gap-3">
          <h2 id="rack" className="text-xl font-semibold">
            {t("board.grid")}
          </h2>
          <nav aria-label={t("board.scroll")} className="flex gap-3">
            <a className="underline" href={`?property=${property.id}&from=${addDays(range.from, -7)}`}>
              {t("board.earlier")}
            </a>
            <a className="underline" href={`?property=${property.id}`}>
              {t("board.backToToday")}
            </a>
            <a className="underline" href={`?property=${property.id}&from=${addDays(range.from, 7)}`}>
              {t("board.later")}
            </a>
          </nav>
        </div>
        <ul className="mt-3 flex flex-wrap gap-3 text-sm" aria-label={t("board.legend")}>
          {CELL_STATES.map((state) => (
            <li key={state} className="flex items-center gap-1">
              <span
                className={`inline-block min-w-8 rounded border border-stone-400 px-1 text-center ${CELL_STYLE[state]}`}
              >
                {t(`board.short.${state}`)}
              </span>
              {t(`board.state.${state}`)}
            </li>
          ))}
          <li className="flex items-center gap-1">
            <span className="inline-block min-w-8 rounded border border-stone-400 px-1 text-center font-bold text-red-800 outline outline-2 -outline-offset-2 outline-red-700">
              !
            </span>
            {t("board.toMoveLegend")}
          </li>
        </ul>
        <ScrollRegion labelledBy="rack" className="mt-3">
          <table className="w-full border-collapse text-sm">
            <caption className="sr-only">{t("board.caption", { from: date(range.from) })}</caption>
            <thead>
              <tr>
                <th scope="col" className="sticky start-0 bg-stone-100 px-2 py-1 text-start">
                  {t("board.room")}
                </th>
                {model.nights.map((night) => (
                  <th
                    key={night}
                    scope="col"
                    className={`whitespace-nowrap px-2 py-1 font-medium ${night === range.today ? "bg-sky-900 text-white" : "bg-stone-100"}`}
                  >
                    <time dateTime={night}>{weekday(night)}</time>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {model.grid.map(({ room, cells }) => (
                <tr key={room.id} className="border-t border-stone-200">
                  <th scope="row" className="sticky start-0 whitespace-nowrap bg-white px-2 py-1 text-start">
                    {room.number}{" "}
                    <span className="font-normal text-stone-600">{board.roomTypes[room.room_type_id] ?? ""}</span>
                  </th>
                  {cells.map((cell) => (
                    <td
                      key={cell.night}
                      data-room={room.number}
                      data-night={cell.night}
                      data-state={cell.state}
                      data-to-move={cell.toMove || undefined}
                      className={`border-s border-stone-200 px-1 py-1 text-center ${CELL_STYLE[cell.state]} ${cell.toMove ? "outline outline-2 -outline-offset-2 outline-red-700" : ""}`}
                    >
                      <span aria-hidden="true">
                        {t(`board.short.${cell.state}`)}
                        {cell.toMove && <span className="font-bold text-red-800">!</span>}
                      </span>
                      <span className="sr-only">
                        {cell.toMove
                          ? t("board.stateToMove", { state: t(`board.state.${cell.state}`) })
                          : t(`board.state.${cell.state}`)}
                      </span>
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </section>
    </>
  );
}

const SELECT = "min-h-11 rounded border border-stone-500 bg-white px-2";

/** A room's housekeeping state or out of order; with JavaScript it says when the change has synced back. */
function RoomStateForm({ rooms, synced }: { rooms: BoardRoom[]; synced: (txid: string | undefined) => boolean }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<typeof action>();
  const hydrated = useHydrated();
  const answer = fetcher.data;
  const txid = answer && "txid" in answer ? answer.txid : undefined;
  let message = "";
  if (fetcher.state !== "idle") message = t("board.change.saving");
  else if (answer && "error" in answer) message = t(answer.error);
  else if (txid) message = !hydrated || synced(txid) ? t("board.change.synced") : t("board.change.syncing");
  return (
    <section aria-labelledby="change-room" className="mt-8">
      <h2 id="change-room" className="text-xl font-semibold">
        {t("board.change.title")}
      </h2>
      <fetcher.Form method="post" className="mt-3 flex flex-wrap items-end gap-4">
        <div className="flex flex-col gap-1">
          <label htmlFor="room-roomId">{t("board.room")}</label>
          <select id="room-roomId" name="roomId" required className={SELECT}>
            {rooms.map((room) => (
              <option key={room.id} value={room.id}>
                {room.number}
              </option>
            ))}
          </select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="room-housekeeping">{t("board.change.housekeeping")}</label>
          <select id="room-housekeeping" name="housekeeping" className={SELECT} defaultValue="">
            <option value="">{t("board.change.keep")}</option>
            {HOUSEKEEPING.map((state) => (
              <option key={state} value={state}>
                {t(`board.housekeepingState.${state}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="room-outOfOrder">{t("board.state.out_of_order")}</label>
          <select id="room-outOfOrder" name="outOfOrder" className={SELECT} defaultValue="">
            <option value="">{t("board.change.keep")}</option>
            <option value="yes">{t("board.change.outOfOrder")}</option>
            <option value="no">{t("board.change.inService")}</option>
          </select>
        </div>
        <Button>{t("board.change.save")}</Button>
      </fetcher.Form>
      <p role="status" className="mt-2 min-h-6" data-testid="room-change-status">
        {message}
      </p>
    </section>
  );
}

function Figure({
  label,
  value,
  testId,
  children,
}: {
  label: string;
  value: string;
  testId: string;
  children?: React.ReactNode;
}) {
  return (
    <div className="min-w-0 rounded-lg border border-stone-200 bg-white p-3">
      <dt className="text-sm text-stone-700">{label}</dt>
      <dd className="text-2xl font-semibold" data-testid={testId}>
        {value}
      </dd>
      {children && <dd className="text-sm text-stone-700">{children}</dd>}
    </div>
  );
}

function Count({ label, value }: { label: string; value: number }) {
  return (
    <div className="flex justify-between gap-4 border-b border-stone-100 py-1">
      <dt>{label}</dt>
      <dd className="font-semibold tabular-nums">{value}</dd>
    </div>
  );
}

function Movements({
  title,
  id,
  items,
}: {
  title: string;
  id: string;
  items: { id: string; roomNumber: string; status: string }[];
}) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby={id}>
      <h2 id={id} className="text-lg font-semibold">
        {title}
      </h2>
      {items.length ? (
        <ul className="mt-2 flex flex-col gap-1">
          {items.map((item) => (
            <li key={item.id}>
              {t("board.roomWithNumber", { number: item.roomNumber })} · {t(`status.${item.status}`)}
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-2 text-stone-700">{t("board.none")}</p>
      )}
    </section>
  );
}
