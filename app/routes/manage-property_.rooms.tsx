// Rooms as managers set them up (issue 11): number, floor and accessibility
// features of each, new rooms, and windows out of order with a reason. A
// window is refused while stays are booked in the room for those nights; the
// page then lists them, to be moved to other rooms from the desk first.
// Same rules and audit as /api/v1/properties/{id}/rooms.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ACCESSIBILITY_FEATURES } from "~/booking/accessibility";
import { addDays, todayIn } from "~/booking/dates";
import { createRoomBlock, endRoomBlock, type StayInTheWay } from "~/booking/room-blocks.server";
import { roomBlockSchema, roomCreateSchema, roomPatchSchema } from "~/booking/schemas";
import { createRoom, listRooms, updateRoom } from "~/booking/setup.server";
import { isDomainError } from "~/domain/errors";
import { Button } from "~/ui/form";
import { Checkboxes, inputLook, useSetupForm } from "~/ui/setup-form";
import { SetupNav } from "~/ui/setup-nav";
import { requireWebPermission } from "~/web/auth.server";
import { managedProperty } from "~/web/managed-property.server";
import { pageTitle } from "~/web/page.server";
import { formValues, setupAction, setupRequest } from "~/web/setup-action.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requireWebPermission(request, "property:manage");
  const url = new URL(request.url);
  const { property } = await managedProperty(auth.account, url.searchParams.get("property"));
  const today = todayIn(property.timeZone);
  return {
    title: await pageTitle(request, "titles.setupRooms"),
    property: { id: property.id, name: property.name },
    roomTypes: property.roomTypes.map(({ id, name }) => ({ id, name })),
    rooms: await listRooms(property.id),
    today,
    tomorrow: addDays(today, 1),
  };
}

const features = (form: FormData) => form.getAll("accessibility").map(String);

export async function action({ request }: ActionFunctionArgs) {
  const { form, property, actor } = await setupRequest(request);
  const text = (name: string) => String(form.get(name) ?? "").trim();
  const roomId = z.uuid().safeParse(form.get("roomId")).data ?? "";
  const number = (name: string) => (text(name) === "" ? Number.NaN : Number(text(name)));
  switch (text("intent")) {
    case "create":
      return setupAction(form, () =>
        createRoom(
          property.id,
          roomCreateSchema.parse({
            number: text("number"),
            floor: number("floor"),
            roomTypeId: text("roomTypeId"),
            accessibility: features(form),
          }),
          actor,
        ),
      );
    case "update":
      return setupAction(form, () =>
        updateRoom(
          property.id,
          roomId,
          roomPatchSchema.parse({ number: text("number"), floor: number("floor"), accessibility: features(form) }),
          actor,
        ),
      );
    case "block":
      try {
        const window = roomBlockSchema.parse({ from: text("from"), to: text("to"), reason: text("reason") });
        await createRoomBlock(property.id, roomId, window, actor);
        return { form: text("form"), done: true };
      } catch (error) {
        // The stays in the way, for the manager to move first.
        if (isDomainError(error, "room_occupied")) {
          return Response.json(
            {
              form: text("form"),
              problems: [{ field: "from", key: "bookingErrors.room_occupied" }],
              values: formValues(form),
              stays: error.details.stays as StayInTheWay[],
            },
            { status: 409 },
          );
        }
        return setupAction(form, () => Promise.reject(error));
      }
    case "unblock":
      return setupAction(form, () => endRoomBlock(property.id, roomId, text("blockId"), actor));
    default:
      throw new Response("Bad Request", { status: 400 });
  }
}

type Room = Awaited<ReturnType<typeof listRooms>>[number];

export default function SetupRooms() {
  const { t } = useTranslation();
  const { property, roomTypes, rooms } = useLoaderData<typeof loader>();
  const typeName = new Map(roomTypes.map((type) => [type.id, type.name]));
  return (
    <main id="main" className="mx-auto max-w-5xl p-6">
      <h1 className="text-3xl font-semibold">{t("titles.setupRooms")}</h1>
      <p className="mt-1 text-stone-700">{property.name}</p>
      <SetupNav current="/manage-property/rooms" propertyId={property.id} />
      <ul className="mt-6 flex flex-col gap-6">
        {rooms.map((room) => (
          <li key={room.id} className="rounded-lg border border-stone-200 bg-white p-4">
            <h2 id={`room-${room.id}`} className="text-xl font-semibold">
              {t("setup.roomHeading", { number: room.number, type: typeName.get(room.roomTypeId) ?? "" })}
            </h2>
            <RoomForm room={room} propertyId={property.id} />
            <OutOfOrder room={room} propertyId={property.id} />
          </li>
        ))}
      </ul>
      <section aria-labelledby="new-room" className="mt-10 rounded-lg border border-stone-200 bg-white p-4">
        <h2 id="new-room" className="text-xl font-semibold">
          {t("setup.newRoom")}
        </h2>
        <RoomForm propertyId={property.id} roomTypes={roomTypes} />
      </section>
    </main>
  );
}

function RoomForm({
  room,
  propertyId,
  roomTypes,
}: {
  room?: Room;
  propertyId: string;
  roomTypes?: { id: string; name: string }[];
}) {
  const { t } = useTranslation();
  const key = room ? `room-${room.id}` : "create";
  const form = useSetupForm(key);
  const chosen = form.values("accessibility") ?? room?.accessibility ?? [];
  return (
    <Form
      method="post"
      className="mt-3 flex flex-col gap-4"
      aria-label={room ? t("setup.editRoom") : t("setup.newRoom")}
    >
      <input type="hidden" name="propertyId" value={propertyId} />
      <input type="hidden" name="form" value={key} />
      <input type="hidden" name="intent" value={room ? "update" : "create"} />
      {room && <input type="hidden" name="roomId" value={room.id} />}
      {form.alerts(room ? "setup.saved" : "setup.roomCreated")}
      <div className="flex flex-wrap gap-4">
        {form.field("number", t("setup.roomNumber"), room?.number)}
        {form.field("floor", t("setup.floor"), room?.floor, { inputMode: "numeric" })}
        {roomTypes && (
          <label className="flex flex-col gap-1">
            <span className="font-medium">{t("setup.roomType")}</span>
            <select name="roomTypeId" defaultValue={form.value("roomTypeId", roomTypes[0]?.id)} className={inputLook}>
              {roomTypes.map((type) => (
                <option key={type.id} value={type.id}>
                  {type.name}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      <Checkboxes
        legend={t("setup.accessibility")}
        name="accessibility"
        options={ACCESSIBILITY_FEATURES.map((feature) => ({ value: feature, label: t(`features.${feature}`) }))}
        chosen={chosen}
      />
      <div>
        <Button variant={room ? "secondary" : "primary"}>{room ? t("setup.save") : t("setup.addRoom")}</Button>
      </div>
    </Form>
  );
}

function OutOfOrder({ room, propertyId }: { room: Room; propertyId: string }) {
  const { t, i18n } = useTranslation();
  const { today, tomorrow } = useLoaderData<typeof loader>();
  const answer = useActionData<{ form: string; stays?: StayInTheWay[] }>();
  const key = `block-${room.id}`;
  const form = useSetupForm(key);
  const stays = answer?.form === key ? answer.stays : undefined;
  const date = (day: string) =>
    new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium", timeZone: "UTC" }).format(
      new Date(`${day}T00:00:00Z`),
    );
  return (
    <section aria-labelledby={`${key}-heading`} className="mt-4 border-t border-stone-200 pt-3">
      <h3 id={`${key}-heading`} className="font-semibold">
        {t("setup.outOfOrder")}
      </h3>
      {(room.outOfOrderWindows ?? []).length === 0 ? (
        <p className="mt-1 text-stone-700">{t("setup.inService")}</p>
      ) : (
        <ul className="mt-2 flex flex-col gap-2">
          {room.outOfOrderWindows!.map((window) => (
            <li key={window.id} className="flex flex-wrap items-center gap-3">
              <span>{t("setup.window", { from: date(window.from), to: date(window.to), reason: window.reason })}</span>
              <Form method="post">
                <input type="hidden" name="propertyId" value={propertyId} />
                <input type="hidden" name="form" value={`end-${window.id}`} />
                <input type="hidden" name="intent" value="unblock" />
                <input type="hidden" name="roomId" value={room.id} />
                <input type="hidden" name="blockId" value={window.id} />
                <Button variant="secondary">
                  {t("setup.backInService")}
                  <span className="sr-only">
                    : {t("setup.window", { from: date(window.from), to: date(window.to), reason: window.reason })}
                  </span>
                </Button>
              </Form>
            </li>
          ))}
        </ul>
      )}
      <Form
        method="post"
        className="mt-3 flex flex-col gap-3"
        aria-label={t("setup.takeOutOfOrder", { number: room.number })}
      >
        <input type="hidden" name="propertyId" value={propertyId} />
        <input type="hidden" name="form" value={key} />
        <input type="hidden" name="intent" value="block" />
        <input type="hidden" name="roomId" value={room.id} />
        {form.alerts("setup.outOfOrderSaved")}
        {stays && stays.length > 0 && (
          <div>
            <p className="font-medium">{t("setup.staysInTheWay")}</p>
            <ul className="mt-1 list-disc ps-6">
              {stays.map((stay) => (
                <li key={stay.reservationId}>
                  <a
                    className="underline"
                    href={`/desk?${new URLSearchParams({ property: propertyId, from: stay.checkIn, stay: stay.reservationId })}`}
                  >
                    {t("setup.stayInTheWay", {
                      reference: stay.reference,
                      from: date(stay.checkIn),
                      to: date(stay.checkOut),
                    })}
                  </a>
                </li>
              ))}
            </ul>
          </div>
        )}
        <div className="flex flex-wrap gap-4">
          {(["from", "to"] as const).map((field) => (
            <label key={field} className="flex flex-col gap-1">
              <span className="font-medium">{t(`setup.window_${field}`)}</span>
              <input
                type="date"
                name={field}
                required
                defaultValue={form.value(field, field === "from" ? today : tomorrow)}
                aria-invalid={form.problem(field) ? true : undefined}
                aria-describedby={form.problem(field) ? `${key}-${field}-error` : undefined}
                className={inputLook}
              />
              {form.problem(field) && (
                <span id={`${key}-${field}-error`} className="text-sm font-medium text-red-800">
                  {form.problem(field)}
                </span>
              )}
            </label>
          ))}
        </div>
        {form.field("reason", t("setup.reason"), "")}
        <div>
          <Button variant="secondary">{t("setup.takeOut")}</Button>
        </div>
      </Form>
    </section>
  );
}
