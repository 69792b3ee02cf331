// Room types as managers set them up (issue 11): names and descriptions in
// each language, capacity, base rate, size, beds, amenities, order, and their
// photos (the photo forms post to /manage-property/photos, which comes back
// here). Same rules and audit as /api/v1/properties/{id}/room-types.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { photosOfProperty, shownPhoto } from "~/booking/photos.server";
import { AMENITIES, BED_TYPES } from "~/booking/room-details";
import { roomTypeCreateSchema, roomTypePatchSchema } from "~/booking/schemas";
import { createRoomType, listRoomTypes, updateRoomType, type RoomTypeSetup } from "~/booking/setup.server";
import { i18n } from "~/i18n/i18n.server";
import { formatMoney, parseMoney } from "~/i18n/money";
import { Alert, Button, Field } from "~/ui/form";
import { Checkboxes, inputLook, OTHER_LANGUAGES, OtherLanguages, useSetupForm } from "~/ui/setup-form";
import { Photo } from "~/ui/photo";
import { SetupNav } from "~/ui/setup-nav";
import { requireWebPermission } from "~/web/auth.server";
import { managedProperty } from "~/web/managed-property.server";
import { pageTitle } from "~/web/page.server";
import { fieldProblem, setupAction, setupRequest } from "~/web/setup-action.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requireWebPermission(request, "property:manage");
  const url = new URL(request.url);
  const { property } = await managedProperty(auth.account, url.searchParams.get("property"));
  const [types, photos, locale] = await Promise.all([
    listRoomTypes(property.id),
    photosOfProperty(property.id),
    i18n.getLocale(request),
  ]);
  // What the photo forms' last answer said (they redirect back here).
  const photoError = url.searchParams.get("photoError");
  return {
    title: await pageTitle(request, "titles.setupRoomTypes"),
    property: { id: property.id, name: property.name, currency: property.currency },
    roomTypes: types.map((type) => ({
      ...type,
      photos: (photos.get(type.id) ?? []).map((photo) => ({ id: photo.id, ...shownPhoto(photo, locale)! })),
    })),
    photoNotice: {
      done: ["added", "removed"].find((done) => done === url.searchParams.get("photo")),
      error: photoError && /^[a-zA-Z_.]{1,80}$/.test(photoError) ? photoError : undefined,
      roomTypeId: url.searchParams.get("type") ?? undefined,
    },
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { form, property, actor } = await setupRequest(request);
  const text = (name: string) => String(form.get(name) ?? "").trim();
  const number = (name: string) => (text(name) === "" ? Number.NaN : Number(text(name).replace(",", ".")));
  const baseRate = parseMoney(text("baseRate"), property.currency);
  if (baseRate === undefined) return fieldProblem(form, "baseRate", "validation.money");
  const fields = {
    name: text("name"),
    description: text("description"),
    capacity: number("capacity"),
    baseRate,
    sortOrder: text("sortOrder") === "" ? 0 : number("sortOrder"),
    sizeSqm: text("sizeSqm") === "" ? null : number("sizeSqm"),
    beds: BED_TYPES.map((type) => ({ type, count: text(`beds.${type}`) === "" ? 0 : number(`beds.${type}`) })).filter(
      (bed) => bed.count !== 0,
    ),
    amenities: form.getAll("amenities").map(String),
    translations: Object.fromEntries(
      OTHER_LANGUAGES.map(({ code }) => [
        code,
        { name: text(`name.${code}`), description: text(`description.${code}`) },
      ])
        .map(([code, words]) => [
          code,
          Object.fromEntries(Object.entries(words as object).filter(([, value]) => value !== "")),
        ])
        .filter(([, words]) => Object.keys(words as object).length > 0),
    ),
  };
  if (form.get("intent") === "create") {
    return setupAction(form, () =>
      createRoomType(property.id, roomTypeCreateSchema.parse({ code: text("code"), ...fields }), actor),
    );
  }
  const roomTypeId = z.uuid().safeParse(form.get("roomTypeId")).data;
  if (!roomTypeId) throw new Response("Bad Request", { status: 400 });
  return setupAction(form, () => updateRoomType(property.id, roomTypeId, roomTypePatchSchema.parse(fields), actor));
}

export default function SetupRoomTypes() {
  const { t } = useTranslation();
  const { property, roomTypes, photoNotice } = useLoaderData<typeof loader>();
  return (
    <main id="main" className="mx-auto max-w-5xl p-6">
      <h1 className="text-3xl font-semibold">{t("titles.setupRoomTypes")}</h1>
      <p className="mt-1 text-stone-700">{property.name}</p>
      <SetupNav current="/manage-property/room-types" propertyId={property.id} />
      <p className="mt-4 text-stone-700">{t("setup.photosIntro")}</p>
      {photoNotice.done && (
        <div className="mt-4">
          <Alert tone="info">{t(`setup.photo_${photoNotice.done}`)}</Alert>
        </div>
      )}
      {photoNotice.error && (
        <div className="mt-4">
          <Alert>{t(photoNotice.error)}</Alert>
        </div>
      )}
      <ul className="mt-6 flex flex-col gap-6">
        {roomTypes.map((type) => (
          <li key={type.id} className="rounded-lg border border-stone-200 bg-white p-4">
            <section aria-labelledby={`type-${type.id}`}>
              <h2 id={`type-${type.id}`} className="text-xl font-semibold">
                {type.name} <span className="text-base font-normal text-stone-700">({type.code})</span>
              </h2>
              <Photos type={type} propertyId={property.id} />
              <details className="mt-4">
                <summary className="min-h-6 cursor-pointer font-medium">{t("setup.editRoomType")}</summary>
                <RoomTypeForm type={type} />
              </details>
            </section>
          </li>
        ))}
      </ul>
      <section aria-labelledby="new-type" className="mt-10 rounded-lg border border-stone-200 bg-white p-4">
        <h2 id="new-type" className="text-xl font-semibold">
          {t("setup.newRoomType")}
        </h2>
        <RoomTypeForm />
      </section>
    </main>
  );
}

type TypeOnPage = RoomTypeSetup & {
  photos: { id: string; src: string; srcSet: string; alt: string; aspect: number }[];
};

function Photos({ type, propertyId }: { type: TypeOnPage; propertyId: string }) {
  const { t } = useTranslation();
  return (
    <>
      {type.photos.length === 0 ? (
        <p className="mt-2 text-stone-700">{t("setup.noPhotos")}</p>
      ) : (
        <ul className="mt-2 flex flex-wrap gap-4">
          {type.photos.map((photo) => (
            <li key={photo.id} className="flex w-52 flex-col gap-2">
              <Photo photo={photo} width={208} sizes="13rem" className="h-auto w-full rounded" />
              <Form method="post" action="/manage-property/photos" encType="multipart/form-data" reloadDocument>
                <input type="hidden" name="propertyId" value={propertyId} />
                <input type="hidden" name="roomTypeId" value={type.id} />
                <input type="hidden" name="photoId" value={photo.id} />
                <input type="hidden" name="intent" value="remove" />
                <Button variant="secondary">
                  {t("setup.removePhoto")}
                  <span className="sr-only">: {photo.alt}</span>
                </Button>
              </Form>
            </li>
          ))}
        </ul>
      )}
      <Form
        method="post"
        action="/manage-property/photos"
        encType="multipart/form-data"
        reloadDocument
        className="mt-4 flex flex-col gap-4"
        aria-label={t("setup.addPhotoTo", { name: type.name })}
      >
        <input type="hidden" name="propertyId" value={propertyId} />
        <input type="hidden" name="roomTypeId" value={type.id} />
        <div className="flex flex-col gap-1">
          <label htmlFor={`photo-${type.id}`} className="font-medium">
            {t("setup.photo")}
          </label>
          <span id={`photo-hint-${type.id}`} className="text-sm text-stone-700">
            {t("setup.photoHint")}
          </span>
          <input
            id={`photo-${type.id}`}
            type="file"
            name="photo"
            required
            accept="image/jpeg,image/png,image/webp,image/avif"
            aria-describedby={`photo-hint-${type.id}`}
            className="min-h-11"
          />
        </div>
        <Field
          id={`alt-${type.id}`}
          name="alt"
          label={t("setup.altEnglish")}
          hint={t("setup.altHint")}
          required
          autoComplete="off"
        />
        <OtherLanguages summary={t("setup.altOtherLanguages")} name="alt" maxLength={300} />
        <div>
          <Button>{t("setup.addPhoto")}</Button>
        </div>
      </Form>
    </>
  );
}

function RoomTypeForm({ type }: { type?: TypeOnPage }) {
  const { t } = useTranslation();
  const { property } = useLoaderData<typeof loader>();
  const key = type ? `type-${type.id}` : "create";
  const form = useSetupForm(key);
  const amenities = form.values("amenities") ?? type?.amenities ?? [];
  const bedCount = (bed: string) => type?.beds.find((candidate) => candidate.type === bed)?.count ?? "";
  const baseRate = type ? formatMoney(type.baseRate, property.currency, "en").replace(/[^\d.]/g, "") : "";
  const text = form.field;
  return (
    <Form
      method="post"
      className="mt-3 flex flex-col gap-4"
      aria-label={type ? t("setup.editRoomTypeNamed", { name: type.name }) : t("setup.newRoomType")}
    >
      <input type="hidden" name="propertyId" value={property.id} />
      <input type="hidden" name="form" value={key} />
      <input type="hidden" name="intent" value={type ? "update" : "create"} />
      {type && <input type="hidden" name="roomTypeId" value={type.id} />}
      {form.alerts(type ? "setup.saved" : "setup.roomTypeCreated")}
      <div className="flex flex-wrap gap-4">
        {!type && text("code", t("setup.code"), "", { hint: t("validation.code") })}
        {text("name", t("setup.nameEnglish"), type?.name)}
      </div>
      {text("description", t("setup.descriptionEnglish"), type?.description)}
      <div className="flex flex-wrap gap-4">
        {text("capacity", t("setup.capacity"), type?.capacity, { inputMode: "numeric" })}
        {text("baseRate", t("setup.baseRate", { currency: property.currency }), baseRate, { inputMode: "decimal" })}
        {text("sizeSqm", t("setup.size"), type?.sizeSqm, { inputMode: "decimal" })}
        {text("sortOrder", t("setup.sortOrder"), type?.sortOrder ?? 0, { inputMode: "numeric" })}
      </div>
      <fieldset>
        <legend className="font-medium">{t("setup.beds")}</legend>
        <div className="mt-2 flex flex-wrap gap-4">
          {BED_TYPES.map((bed) => (
            <label key={bed} className="flex w-36 flex-col gap-1">
              <span>{t(`beds.${bed}`, { count: 2 }).replace(/^\d+\s*/, "")}</span>
              <input
                type="text"
                inputMode="numeric"
                name={`beds.${bed}`}
                defaultValue={form.value(`beds.${bed}`, bedCount(bed))}
                autoComplete="off"
                className={inputLook}
              />
            </label>
          ))}
        </div>
        {form.problem("beds") && <p className="mt-1 text-sm font-medium text-red-800">{form.problem("beds")}</p>}
      </fieldset>
      <Checkboxes
        legend={t("setup.amenities")}
        name="amenities"
        options={AMENITIES.map((amenity) => ({ value: amenity, label: t(`amenities.${amenity}`) }))}
        chosen={amenities}
      />
      <OtherLanguages
        summary={t("setup.namesInOther")}
        name="name"
        maxLength={200}
        value={(code) => form.value(`name.${code}`, type?.translations[code]?.name)}
      />
      <OtherLanguages
        summary={t("setup.descriptionsInOther")}
        name="description"
        maxLength={2000}
        value={(code) => form.value(`description.${code}`, type?.translations[code]?.description)}
      />
      <div>
        <Button variant={type ? "secondary" : "primary"}>{type ? t("setup.save") : t("setup.addRoomType")}</Button>
      </div>
    </Form>
  );
}
