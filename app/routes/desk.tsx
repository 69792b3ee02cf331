// The front desk: a room rack (rooms by night, live from the rooms and
// reservations shapes, guests' names fetched through this loader only),
// today's arrivals, guests in house and departures with a search, a walk-in
// from hold to confirmation, and a stay's actions. Every form works without
// JavaScript; with it, a change says "saved and synced" once its txid is back.
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import type { ClientActionFunctionArgs, ClientLoaderFunctionArgs } from "@remix-run/react";
import {
  useActionData,
  useLoaderData,
  useNavigate,
  useNavigation,
  useRevalidator,
  useSearchParams,
} from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { can } from "~/auth/permissions";
import { boardProperty } from "~/board/board.server";
import { actorFor } from "~/booking/access.server";
import type { BoardBlock, BoardReservation, BoardRoom } from "~/board/model";
import { addDays, todayIn } from "~/booking/dates";
import { deskBookingStays, deskDay, deskStay, guestNames } from "~/booking/desk-reads.server";
import { recordIdentityCheck } from "~/privacy/rights.server";
import { readShape } from "~/sync/shape-rows.server";
import { useShapeRows, type ShapeStatus } from "~/sync/use-shape";
import { Alert } from "~/ui/form";
import { formatDate } from "~/ui/format";
import { LiveStatus } from "~/ui/live-status";
import { requireWebPermission } from "~/web/auth.server";
import { formKey, runDeskForm, runIdentityForm } from "~/web/desk.server";
import { readForm } from "~/web/form.server";
import { pageTitle } from "~/web/page.server";
import { Answer } from "~/desk/answer";
import { HoldPanel } from "~/desk/hold-panel";
import { NIGHTS, ON_RACK, type Desk } from "~/desk/model";
import { Rack, rackFrom } from "~/desk/rack";
import { StayPanel } from "~/desk/stay-panel";
import { Today } from "~/desk/today";
import { WalkIn } from "~/desk/walk-in";
import { OfflineWalkIn } from "~/desk/offline-walk-in";
import { OutboxPanel } from "~/desk/outbox-panel";
import { useOnline } from "~/offline/use-outbox";
import { keepDeskPage, registerDeskWorker } from "~/offline/worker";
import {
  deskClientAction,
  deskClientLoader,
  rememberDesk,
  type ClientDeskAnswer,
  type DeskPageData,
} from "~/desk/offline";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.title },
  { name: "theme-color", content: "#115e59" },
];

// The desk installs as an app of its own (public/manifest.webmanifest, service-worker/sw.ts).
export const links: LinksFunction = () => [
  { rel: "manifest", href: "/manifest.webmanifest" },
  { rel: "apple-touch-icon", href: "/icons/icon-192.png" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requireWebPermission(request, "desk:operate");
  const { account } = auth;
  const url = new URL(request.url);
  const title = await pageTitle(request, "titles.desk");
  const { property } = await boardProperty(account, url.searchParams.get("property"));
  if (!property) return { title, desk: null };
  const today = todayIn(property.timeZone);
  // The rack's first night: ?from= when valid, else two days back (never a 500 for a bad value).
  const from = rackFrom(url.searchParams.get("from"), today);
  const to = addDays(from, NIGHTS);
  const context = { accountId: account.id, timeZone: property.timeZone };
  const [rooms, reservations, blocks] = await Promise.all([
    readShape<BoardRoom>("rooms", { propertyId: property.id }, context),
    readShape<BoardReservation>("reservations", { propertyId: property.id, from, to }, context),
    readShape<BoardBlock>("room-blocks", { propertyId: property.id }, context),
  ]);
  const search = url.searchParams.get("q")?.slice(0, 100) ?? "";
  const stayId = url.searchParams.get("stay");
  const holdReference = url.searchParams.get("hold");
  const uuid = /^[0-9a-f-]{36}$/i;
  const [names, day, stay, hold] = await Promise.all([
    guestNames(property.id, [...new Set(reservations.filter((r) => ON_RACK.has(r.status)).map((r) => r.booking_id))]),
    deskDay(property.id, today, search),
    stayId && uuid.test(stayId) ? deskStay(property.id, stayId) : undefined,
    holdReference ? deskBookingStays(property.id, holdReference.slice(0, 20)) : [],
  ]);
  const desk: Desk = {
    accountId: account.id,
    readAt: Date.now(),
    property: {
      id: property.id,
      name: property.name,
      timeZone: property.timeZone,
      holdMinutes: property.holdMinutes,
    },
    roomTypes: property.roomTypes.map(({ id, code, name }) => ({ id, code, name })),
    today,
    from,
    to,
    rows: { rooms, reservations, blocks },
    names,
    day,
    search,
    stay: stay ?? null,
    hold: hold[0] ?? null,
    key: formKey(),
    canCheckIdentity: can(account.role, "guest:identity_check"),
    canManage: can(account.role, "desk:manage"),
  };
  return { title, desk };
}

export async function action({ request }: ActionFunctionArgs) {
  const auth = await requireWebPermission(request, "desk:operate");
  const url = new URL(request.url);
  const { property } = await boardProperty(auth.account, url.searchParams.get("property"));
  if (!property) throw new Response("Not found", { status: 404 });
  const form = await readForm(request);
  const { answer, status } =
    form.get("intent") === "identity"
      ? can(auth.account.role, "guest:identity_check")
        ? await runIdentityForm(auth, property.id, form, (check) =>
            recordIdentityCheck(
              { ...check, issuingCountry: check.country, checkedBy: auth.account.id },
              actorFor(auth, "front_desk"),
            ),
          )
        : { answer: { ok: false as const, intent: "identity", problems: [] }, status: 403 }
      : await runDeskForm(auth, property.id, form);
  if (status === 403) throw new Response("Forbidden", { status: 403 });
  if (answer.ok && (answer.intent === "hold" || answer.intent === "confirm")) {
    const next = new URLSearchParams(url.searchParams);
    next.delete("index");
    if (answer.intent === "hold") {
      next.set("hold", answer.reference!);
      next.delete("room");
      next.delete("stay");
    } else {
      next.delete("hold");
      next.set("stay", answer.reservationId!);
      next.set("confirmed", answer.reference!);
    }
    return redirect(`/desk?${next}`);
  }
  return data(answer, { status });
}

// With no network: navigations from the last desk drawn, changes into the outbox (~/desk/offline).
export const clientLoader = ({ request, serverLoader }: ClientLoaderFunctionArgs) =>
  deskClientLoader(request, serverLoader as () => Promise<DeskPageData>);

export const clientAction = ({ request, serverAction }: ClientActionFunctionArgs) =>
  deskClientAction(request, serverAction as () => Promise<ClientDeskAnswer>);

export default function DeskPage() {
  const { t } = useTranslation();
  const page = useLoaderData<typeof loader>() as DeskPageData;
  rememberDesk(page);
  const { desk } = page;
  return (
    <main id="main" className="mx-auto max-w-7xl p-6">
      <h1 className="text-3xl font-semibold">{t("titles.desk")}</h1>
      {desk ? <LiveDesk desk={desk} /> : <p className="mt-4">{t("board.noProperty")}</p>}
    </main>
  );
}

function LiveDesk({ desk }: { desk: Desk }) {
  const { t, i18n } = useTranslation();
  const { property } = desk;
  // Kept in IndexedDB: offline, the rack shows the last known rows and resumes from their offset.
  const kept = { persist: true, readAt: desk.readAt };
  const rooms = useShapeRows<BoardRoom>("rooms", { propertyId: property.id }, desk.rows.rooms, kept);
  const reservations = useShapeRows<BoardReservation>(
    "reservations",
    { propertyId: property.id, from: desk.from, to: desk.to },
    desk.rows.reservations,
    kept,
  );
  const blocks = useShapeRows<BoardBlock>("room-blocks", { propertyId: property.id }, desk.rows.blocks ?? [], kept);
  const statuses = [rooms.status, reservations.status, blocks.status];
  const status: ShapeStatus = statuses.includes("refused")
    ? "refused"
    : statuses.includes("offline")
      ? "offline"
      : statuses.every((one) => one === "live")
        ? "live"
        : "connecting";
  const online = useOnline();
  const offline = !online || status === "offline" || Boolean(desk.offline);
  // The desk installs and opens offline: the worker keeps this page as the server drew it last.
  useEffect(() => void registerDeskWorker(), []);
  useEffect(() => {
    if (!desk.offline) keepDeskPage();
  }, [desk.readAt, desk.offline]);
  const revalidator = useRevalidator();
  const busy = useNavigation().state !== "idle" || revalidator.state !== "idle";
  // A stay that arrived through the shape without a name yet: the loader fetches the names again.
  const unnamed = reservations.rows
    .filter((r) => ON_RACK.has(r.status) && !(r.booking_id in desk.names))
    .map((r) => r.booking_id)
    .sort()
    .join(",");
  // The lists of the day come from the loader; a change on the shapes brings them up to date.
  const signature = reservations.rows
    .map((r) => `${r.id}:${r.status}:${r.room_id}`)
    .sort()
    .join("|");
  const seen = useRef(signature);
  useEffect(() => {
    // A form being sent reloads the page's data anyway; ask again once it is done.
    if (busy) return;
    if (unnamed || signature !== seen.current) {
      seen.current = signature;
      revalidator.revalidate();
    }
  }, [unnamed, signature, busy, revalidator]);

  const synced = (txid: string | undefined) => rooms.synced(txid) || reservations.synced(txid);
  const answer = useActionData<typeof clientAction>() as ClientDeskAnswer | undefined;
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const searchBox = useRef<HTMLInputElement>(null);
  const walkIn = useRef<HTMLInputElement>(null);

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target as HTMLElement;
      if (target.closest("input, select, textarea, [contenteditable=true]")) return;
      if (event.key === "/") {
        event.preventDefault();
        searchBox.current?.focus();
      } else if (event.key === "n" || event.key === "N") {
        event.preventDefault();
        walkIn.current?.focus();
      } else if (event.key === "Escape" && params.get("stay")) {
        const next = new URLSearchParams(params);
        next.delete("stay");
        navigate(`?${next}`, { preventScrollReset: true });
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [params, navigate]);

  const date = (night: string) => formatDate(night, i18n.language);
  return (
    <>
      <p className="mt-1 text-stone-700">
        {property.name} · {t("board.today", { date: date(desk.today) })}
      </p>
      <LiveStatus status={status} />
      <OutboxPanel desk={desk} offline={offline} synced={synced} />
      <p className="mt-2 text-sm text-stone-700" id="desk-shortcuts">
        {t("desk.shortcuts")} <kbd className="rounded border border-stone-400 px-1">N</kbd> {t("desk.shortcutWalkIn")} ·{" "}
        <kbd className="rounded border border-stone-400 px-1">/</kbd> {t("desk.shortcutSearch")} ·{" "}
        <kbd className="rounded border border-stone-400 px-1">Esc</kbd> {t("desk.shortcutClose")}
      </p>

      {params.get("confirmed") && (
        <div className="mt-4">
          <Alert tone="info">{t("desk.confirmedBooking", { reference: params.get("confirmed") })}</Alert>
        </div>
      )}
      {/* A hold's own answers show in its panel; with no panel open, here. */}
      {answer &&
        answer.intent !== "hold" &&
        (!desk.hold || !["confirm", "release", "extend"].includes(answer.intent)) && (
          <div className="mt-4" data-testid="desk-answer">
            <Answer answer={answer} synced={synced} />
          </div>
        )}

      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        {offline ? (
          <OfflineWalkIn desk={desk} rooms={rooms.rows} />
        ) : (
          <WalkIn desk={desk} answer={answer} inputRef={walkIn} />
        )}
        {desk.hold && <HoldPanel desk={desk} hold={desk.hold} answer={answer} />}
        {desk.stay && <StayPanel desk={desk} stay={desk.stay} rooms={rooms.rows} />}
      </div>

      <Today desk={desk} searchRef={searchBox} />

      <Rack desk={desk} rooms={rooms.rows} reservations={reservations.rows} blocks={blocks.rows} />
    </>
  );
}
