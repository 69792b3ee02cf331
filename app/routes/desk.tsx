// The front desk: a room rack (rooms by night, live from the rooms and
// reservations shapes, guests' names fetched through this loader only),
// today's arrivals, guests in house and departures with a search, a walk-in
// from hold to confirmation, and a stay's actions. Every form works without
// JavaScript; with it, a change says "saved and synced" once its txid is back.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useNavigate,
  useNavigation,
  useRevalidator,
  useSearchParams,
} from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { can } from "~/auth/permissions";
import { boardProperty } from "~/board/board.server";
import { actorFor } from "~/booking/access.server";
import type { BoardReservation, BoardRoom } from "~/board/model";
import { addDays, todayIn } from "~/booking/dates";
import { deskBookingStays, deskDay, deskStay, guestNames, type DeskStay } from "~/booking/desk-reads.server";
import { DOCUMENT_TYPES, HOUSEKEEPING_STATES } from "~/booking/schemas";
import { recordIdentityCheck } from "~/privacy/rights.server";
import { readShape } from "~/sync/shape-rows.server";
import { useShapeRows, type ShapeStatus } from "~/sync/use-shape";
import { Alert, Button, Field } from "~/ui/form";
import { formatDate } from "~/ui/format";
import { useHydrated } from "~/ui/hydrated";
import { LiveStatus } from "~/ui/live-status";
import { ScrollRegion } from "~/ui/scroll-region";
import { requireWebPermission } from "~/web/auth.server";
import { formKey, runDeskForm, runIdentityForm, type DeskAnswer } from "~/web/desk.server";
import { readForm } from "~/web/form.server";
import { pageTitle } from "~/web/page.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

/** The rack's nights: two days back, today and twelve ahead. */
const NIGHTS_BACK = 2;
const NIGHTS = 15;
/** Stays shown on the rack; the rest (cancelled, expired, no-show, checked out) leave the room free. */
const ON_RACK = new Set(["held", "confirmed", "checked_in", "checked_out"]);

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requireWebPermission(request, "desk:operate");
  const { account } = auth;
  const url = new URL(request.url);
  const title = await pageTitle(request, "titles.desk");
  const { property } = await boardProperty(account, url.searchParams.get("property"));
  if (!property) return { title, desk: null };
  const today = todayIn(property.timeZone);
  const from = addDays(today, -NIGHTS_BACK);
  const to = addDays(from, NIGHTS);
  const context = { accountId: account.id, timeZone: property.timeZone };
  const [rooms, reservations] = await Promise.all([
    readShape<BoardRoom>("rooms", { propertyId: property.id }, context),
    readShape<BoardReservation>("reservations", { propertyId: property.id, from, to }, context),
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
  return {
    title,
    desk: {
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
      rows: { rooms, reservations },
      names,
      day,
      search,
      stay: stay ?? null,
      hold: hold[0] ?? null,
      key: formKey(),
      canCheckIdentity: can(account.role, "guest:identity_check"),
    },
  };
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

type Desk = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["desk"]>;

const STAY_STYLE: Record<string, string> = {
  held: "bg-amber-100 text-amber-950 border-amber-700",
  confirmed: "bg-sky-100 text-sky-950 border-sky-700",
  checked_in: "bg-emerald-100 text-emerald-950 border-emerald-700",
  checked_out: "bg-stone-200 text-stone-900 border-stone-500",
};

const SELECT = "min-h-11 rounded border border-stone-500 bg-white px-2";

export default function DeskPage() {
  const { t } = useTranslation();
  const { desk } = useLoaderData<typeof loader>();
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
  const rooms = useShapeRows<BoardRoom>("rooms", { propertyId: property.id }, desk.rows.rooms);
  const reservations = useShapeRows<BoardReservation>(
    "reservations",
    { propertyId: property.id, from: desk.from, to: desk.to },
    desk.rows.reservations,
  );
  const status: ShapeStatus = [rooms.status, reservations.status].includes("refused")
    ? "refused"
    : [rooms.status, reservations.status].includes("offline")
      ? "offline"
      : rooms.status === "live" && reservations.status === "live"
        ? "live"
        : "connecting";
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
  const answer = useActionData<typeof action>() as DeskAnswer | undefined;
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
        <WalkIn desk={desk} answer={answer} inputRef={walkIn} />
        {desk.hold && <HoldPanel desk={desk} hold={desk.hold} answer={answer} />}
        {desk.stay && <StayPanel desk={desk} stay={desk.stay} rooms={rooms.rows} />}
      </div>

      <Today desk={desk} searchRef={searchBox} />

      <Rack desk={desk} rooms={rooms.rows} reservations={reservations.rows} />
    </>
  );
}

/** A form's outcome: its problems, or saved (and, with JavaScript, synced once its txid is back). */
function Answer({ answer, synced }: { answer: DeskAnswer; synced: (txid: string | undefined) => boolean }) {
  const { t } = useTranslation();
  const hydrated = useHydrated();
  if (!answer.ok) {
    return (
      <Alert>
        {answer.problems.map((problem) => (
          <p key={`${problem.field}${problem.key}`}>{t(problem.key, problem.values)}</p>
        ))}
        {answer.alternatives && answer.alternatives.length > 0 && (
          <p>{t("desk.nextFree", { rooms: answer.alternatives.map((room) => room.roomNumber).join(", ") })}</p>
        )}
      </Alert>
    );
  }
  return (
    <Alert tone="info">
      <span data-testid="desk-saved">
        {!answer.txid
          ? t("desk.saved")
          : !hydrated || synced(answer.txid)
            ? t("board.change.synced")
            : t("board.change.syncing")}
      </span>
    </Alert>
  );
}

function WalkIn({
  desk,
  answer,
  inputRef,
}: {
  desk: Desk;
  answer: DeskAnswer | undefined;
  inputRef: React.RefObject<HTMLInputElement>;
}) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  // A room picked on the rack: the walk-in form starts with it, and the keyboard goes there.
  const picked = params.get("room") ?? "";
  const pickedNow = Boolean(picked) && !params.get("stay") && !params.get("hold");
  const failed = answer && !answer.ok && answer.intent === "hold" ? answer : undefined;
  const checkIn = failed?.hold?.checkIn ?? desk.today;
  const checkOut = failed?.hold?.checkOut ?? addDays(desk.today, 1);
  const adults = String(failed?.hold?.adults ?? 1);
  return (
    <section aria-labelledby="walk-in" className="rounded border border-stone-300 p-4">
      <h2 id="walk-in" className="text-xl font-semibold">
        {t("desk.walkIn")}
      </h2>
      {failed && (
        <div className="mt-3" data-testid="hold-problem">
          <Alert>
            {failed.problems.map((problem) => (
              <p key={`${problem.field}${problem.key}`}>{t(problem.key, problem.values)}</p>
            ))}
            {failed.alternatives && failed.alternatives.length > 0 && <p>{t("desk.alternatives")}</p>}
          </Alert>
          {failed.alternatives && failed.alternatives.length > 0 && (
            <ul className="mt-2 flex flex-wrap gap-2">
              {failed.alternatives.map((room) => (
                <li key={room.roomId}>
                  <Form method="post" preventScrollReset>
                    <input type="hidden" name="intent" value="hold" />
                    <input type="hidden" name="roomId" value={room.roomId} />
                    <input type="hidden" name="checkIn" value={checkIn} />
                    <input type="hidden" name="checkOut" value={checkOut} />
                    <input type="hidden" name="adults" value={adults} />
                    <Button variant="secondary">{t("desk.holdRoom", { number: room.roomNumber })}</Button>
                  </Form>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <Form method="post" preventScrollReset className="mt-3 grid gap-3 sm:grid-cols-2">
        <input type="hidden" name="intent" value="hold" />
        <input type="hidden" name="key" value={desk.key} />
        <div className="flex flex-col gap-1">
          <label htmlFor="walkin-checkIn" className="font-medium">
            {t("fields.checkIn")}
          </label>
          <input
            ref={inputRef}
            id="walkin-checkIn"
            name="checkIn"
            type="date"
            required
            defaultValue={checkIn}
            className={SELECT}
          />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="walkin-checkOut" className="font-medium">
            {t("fields.checkOut")}
          </label>
          <input id="walkin-checkOut" name="checkOut" type="date" required defaultValue={checkOut} className={SELECT} />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="walkin-roomTypeId" className="font-medium">
            {t("fields.roomTypeId")}
          </label>
          <select id="walkin-roomTypeId" name="roomTypeId" className={SELECT}>
            {desk.roomTypes.map((type) => (
              <option key={type.id} value={type.id}>
                {type.name}
              </option>
            ))}
          </select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="walkin-roomId" className="font-medium">
            {t("desk.room")}
          </label>
          <select
            key={picked}
            id="walkin-roomId"
            name="roomId"
            className={SELECT}
            defaultValue={picked}
            data-focus-here={pickedNow || undefined}
          >
            <option value="">{t("desk.anyRoom")}</option>
            {[...desk.rows.rooms]
              .sort((a, b) => a.number.localeCompare(b.number, undefined, { numeric: true }))
              .map((room) => (
                <option key={room.id} value={room.id}>
                  {room.number}
                </option>
              ))}
          </select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="walkin-adults" className="font-medium">
            {t("fields.adults")}
          </label>
          <input
            id="walkin-adults"
            name="adults"
            type="number"
            min={1}
            max={36}
            required
            defaultValue={adults}
            className={SELECT}
          />
        </div>
        <div className="flex items-end">
          <Button isDisabled={navigation.state === "submitting"}>{t("desk.hold")}</Button>
        </div>
      </Form>
    </section>
  );
}

/** Minutes and seconds left until `expiresAt`, ticking; before hydration, the deadline's time. */
function Countdown({ expiresAt, timeZone }: { expiresAt: string; timeZone: string }) {
  const { t, i18n } = useTranslation();
  const hydrated = useHydrated();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const deadline = Date.parse(expiresAt);
  const time = new Intl.DateTimeFormat(i18n.language, { hour: "2-digit", minute: "2-digit", timeZone }).format(
    deadline,
  );
  if (!hydrated) return <p>{t("desk.holdUntil", { time })}</p>;
  const left = Math.max(0, Math.round((deadline - now) / 1000));
  const clock = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}`;
  return (
    <p data-testid="hold-countdown" data-seconds-left={left}>
      {left > 0 ? t("desk.holdLeft", { clock, time }) : t("desk.holdOver")}
    </p>
  );
}

function HoldPanel({ desk, hold, answer }: { desk: Desk; hold: DeskStay; answer: DeskAnswer | undefined }) {
  const { t, i18n } = useTranslation();
  const mine = answer && !answer.ok && ["confirm", "release", "extend"].includes(answer.intent) ? answer : undefined;
  const problem = (field: string) => {
    const found = mine?.problems.find((p) => p.field === field);
    return found ? t(found.key, found.values) : undefined;
  };
  const general = mine?.problems.filter((p) => !["fullName", "email", "phone", "country", "number"].includes(p.field));
  return (
    <section aria-labelledby="hold" className="rounded border border-amber-700 bg-amber-50 p-4" data-testid="hold">
      <h2 id="hold" tabIndex={-1} data-focus-here className="text-xl font-semibold">
        {t("desk.holdTitle", { reference: hold.reference })}
      </h2>
      <p className="mt-1">
        {t("board.roomWithNumber", { number: hold.roomNumber })} · {hold.roomTypeName} ·{" "}
        {formatDate(hold.checkIn, i18n.language)} – {formatDate(hold.checkOut, i18n.language)} ·{" "}
        {t(`status.${hold.status}`)}
      </p>
      {hold.status === "held" && hold.holdExpiresAt && (
        <Countdown expiresAt={hold.holdExpiresAt} timeZone={desk.property.timeZone} />
      )}
      {general && general.length > 0 && (
        <div className="mt-3" data-testid="hold-answer">
          <Alert>
            {general.map((p) => (
              <p key={`${p.field}${p.key}`}>{t(p.key, p.values)}</p>
            ))}
          </Alert>
        </div>
      )}
      {answer?.ok && answer.intent === "extend" && (
        <div className="mt-3">
          <Alert tone="info">{t("desk.extended")}</Alert>
        </div>
      )}
      {hold.status === "held" && (
        <>
          <Form method="post" preventScrollReset className="mt-3 grid gap-3 sm:grid-cols-2">
            <input type="hidden" name="intent" value="confirm" />
            <input type="hidden" name="reference" value={hold.reference} />
            <Field name="fullName" label={t("desk.guestName")} required error={problem("fullName")} />
            <Field name="email" type="email" label={t("fields.email")} error={problem("email")} />
            <Field name="phone" type="tel" label={t("desk.phone")} error={problem("phone")} />
            <IdentityFields idPrefix="confirm" problem={problem} />
            <div className="flex items-end">
              <Button>{t("desk.confirm")}</Button>
            </div>
          </Form>
          <div className="mt-3 flex flex-wrap gap-3">
            <Form method="post" preventScrollReset>
              <input type="hidden" name="intent" value="extend" />
              <input type="hidden" name="reference" value={hold.reference} />
              <Button variant="secondary">{t("desk.extend")}</Button>
            </Form>
            <Form method="post" preventScrollReset>
              <input type="hidden" name="intent" value="release" />
              <input type="hidden" name="reference" value={hold.reference} />
              <Button variant="secondary">{t("desk.release")}</Button>
            </Form>
          </div>
        </>
      )}
    </section>
  );
}

/** The identity check's fields (document type, issuing country, number), for a confirm and for a later check. */
function IdentityFields({ idPrefix, problem }: { idPrefix: string; problem?: (field: string) => string | undefined }) {
  const { t } = useTranslation();
  return (
    <>
      <div className="flex flex-col gap-1">
        <label htmlFor={`${idPrefix}-documentType`} className="font-medium">
          {t("desk.documentType")}
        </label>
        <select id={`${idPrefix}-documentType`} name="documentType" className={SELECT}>
          {DOCUMENT_TYPES.map((type) => (
            <option key={type} value={type}>
              {t(`desk.document.${type}`)}
            </option>
          ))}
        </select>
      </div>
      <Field
        id={`${idPrefix}-country`}
        name="country"
        label={t("desk.country")}
        hint={t("validation.countryCode")}
        required
        maxLength={2}
        error={problem?.("country")}
      />
      <Field
        id={`${idPrefix}-number`}
        name="number"
        label={t("desk.documentNumber")}
        required
        error={problem?.("number")}
      />
    </>
  );
}

function StayPanel({ desk, stay, rooms }: { desk: Desk; stay: DeskStay; rooms: BoardRoom[] }) {
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

function Today({ desk, searchRef }: { desk: Desk; searchRef: React.RefObject<HTMLInputElement> }) {
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

type RackCell = { night: string; span: number; stay?: BoardReservation };

/** One room's row: each stay a cell spanning its nights inside the window, free nights one cell each. */
function rackRow(stays: BoardReservation[], nights: string[]): RackCell[] {
  const cells: RackCell[] = [];
  for (let index = 0; index < nights.length;) {
    const night = nights[index];
    const stay = stays.find((candidate) => candidate.check_in <= night && night < candidate.check_out);
    if (!stay) {
      cells.push({ night, span: 1 });
      index++;
      continue;
    }
    let span = 1;
    while (index + span < nights.length && nights[index + span] < stay.check_out) span++;
    cells.push({ night, span, stay });
    index += span;
  }
  return cells;
}

function Rack({ desk, rooms, reservations }: { desk: Desk; rooms: BoardRoom[]; reservations: BoardReservation[] }) {
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
  const pick = (roomId: string) => {
    const next = new URLSearchParams(params);
    next.set("room", roomId);
    for (const name of ["stay", "hold", "confirmed"]) next.delete(name);
    return `?${next}`;
  };
  return (
    <section aria-labelledby="rack" className="mt-8">
      <h2 id="rack" className="text-xl font-semibold">
        {t("desk.rack")}
      </h2>
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
                {rackRow(byRoom.get(room.id) ?? [], nights).map((cell) =>
                  cell.stay ? (
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
