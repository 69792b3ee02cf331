// Property setup for managers and admins of a property (issue 11): the rate
// calendar of a month, each rate plan's price and restrictions per room type
// and day, and a form that changes many days at once ("Saturdays in July:
// 180 €"), with the same rules and audit as PUT/POST /api/v1/properties/{id}/rates;
// and each room type's photos, added with what they show in the hotel's
// languages (the forms post to /manage-property/photos).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { actorFor } from "~/booking/access.server";
import { addDays, parseIsoDate, todayIn } from "~/booking/dates";
import { photosOfProperty, shownPhoto } from "~/booking/photos.server";
import { listProperties } from "~/booking/property.server";
import { changeRatesInBulk, readRateCalendar, type CalendarNight } from "~/booking/rates.server";
import { rateCalendarBulkSchema } from "~/booking/schemas";
import { LANGUAGES } from "~/i18n/config";
import { i18n } from "~/i18n/i18n.server";
import { formatMoney, parseMoney } from "~/i18n/money";
import type { FieldProblem } from "~/i18n/validation";
import { Alert, Button, Field } from "~/ui/form";
import { PropertySelect } from "~/ui/property-select";
import { ScrollRegion } from "~/ui/scroll-region";
import { requireWebPermission } from "~/web/auth.server";
import { readForm } from "~/web/form.server";
import { pageTitle } from "~/web/page.server";
import { toFormProblems } from "~/web/problems.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

/** The properties this account manages, and the one asked for (else the first); 404 when none. */
async function managedProperty(account: { propertyIds: string[] }, requested: string | null) {
  const properties = (await listProperties()).filter((property) => account.propertyIds.includes(property.id));
  const property = properties.find((candidate) => candidate.id === requested) ?? properties[0];
  if (!property) throw new Response("Not Found", { status: 404 });
  return { property, properties: properties.map(({ id, name }) => ({ id, name })) };
}

/** The month shown: ?month=YYYY-MM when it is one, else the property's current month. */
function monthOf(asked: string | null, today: string): string {
  return asked && /^\d{4}-\d{2}$/.test(asked) && parseIsoDate(`${asked}-01`) ? asked : today.slice(0, 7);
}

function lastDayOf(month: string): string {
  return addDays(`${nextMonth(month)}-01`, -1);
}

function nextMonth(month: string): string {
  return addDays(`${month}-28`, 7).slice(0, 7);
}

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requireWebPermission(request, "property:manage");
  const url = new URL(request.url);
  const { property, properties } = await managedProperty(auth.account, url.searchParams.get("property"));
  const month = monthOf(url.searchParams.get("month"), todayIn(property.timeZone));
  const from = `${month}-01`;
  const to = lastDayOf(month);
  const [calendar, photos, locale] = await Promise.all([
    readRateCalendar({ propertyId: property.id, from, to }),
    photosOfProperty(property.id),
    i18n.getLocale(request),
  ]);
  // What the photo forms' last answer said (they redirect back here).
  const photoError = url.searchParams.get("photoError");
  const photoNotice = {
    done: ["added", "removed"].find((done) => done === url.searchParams.get("photo")),
    error: photoError && /^[a-zA-Z_.]{1,80}$/.test(photoError) ? photoError : undefined,
    roomTypeId: url.searchParams.get("type") ?? undefined,
  };
  return {
    title: await pageTitle(request, "titles.manageProperty"),
    properties,
    property: {
      id: property.id,
      name: property.name,
      currency: property.currency,
      roomTypes: property.roomTypes.map(({ id, name }) => ({
        id,
        name,
        photos: (photos.get(id) ?? []).map((photo) => ({ id: photo.id, ...shownPhoto(photo, locale)! })),
      })),
      ratePlans: property.ratePlans.map(({ id, name, isDefault }) => ({ id, name, isDefault })),
    },
    month,
    from,
    to,
    previousMonth: addDays(from, -1).slice(0, 7),
    nextMonth: nextMonth(month),
    calendar,
    photoNotice,
  };
}

type ActionData = { problems?: FieldProblem[]; done?: { changed: number }; values?: Record<string, unknown> };

/** A select's three answers: leave the days as they are, set the restriction, or clear it. */
function tristate(value: FormDataEntryValue | null): boolean | undefined {
  return value === "on" ? true : value === "off" ? false : undefined;
}

export async function action({ request }: ActionFunctionArgs) {
  const auth = await requireWebPermission(request, "property:manage");
  const form = await readForm(request);
  const { property } = await managedProperty(auth.account, String(form.get("propertyId") ?? ""));
  const text = (name: string) => String(form.get(name) ?? "").trim();
  const values = {
    roomTypeIds: form.getAll("roomTypeIds").map(String),
    ratePlanId: text("ratePlanId"),
    from: text("from"),
    to: text("to"),
    weekdays: form.getAll("weekdays").map(Number),
    price: text("price"),
    useBaseRate: form.get("useBaseRate") === "on",
    minStay: text("minStay"),
    closedToArrival: text("closedToArrival"),
    closedToDeparture: text("closedToDeparture"),
    stopSell: text("stopSell"),
  };
  const price = values.useBaseRate ? null : values.price ? parseMoney(values.price, property.currency) : undefined;
  if (values.price && !values.useBaseRate && price === undefined) {
    return Response.json({ problems: [{ field: "price", key: "validation.money" }], values } satisfies ActionData, {
      status: 422,
    });
  }
  try {
    const bulk = rateCalendarBulkSchema.parse({
      roomTypeIds: values.roomTypeIds,
      ratePlanId: values.ratePlanId,
      from: values.from,
      to: values.to,
      weekdays: values.weekdays.length ? values.weekdays : undefined,
      price,
      minStay: values.minStay ? Number(values.minStay) : undefined,
      closedToArrival: tristate(values.closedToArrival),
      closedToDeparture: tristate(values.closedToDeparture),
      stopSell: tristate(values.stopSell),
    });
    const result = await changeRatesInBulk(property.id, bulk, actorFor(auth, "system"));
    return { done: { changed: result.days } } satisfies ActionData;
  } catch (error) {
    const { problems, status } = toFormProblems(error);
    return Response.json({ problems, values } satisfies ActionData, { status });
  }
}

const WEEKDAY_REFERENCE = "2024-01-01"; // a Monday

export default function ManageProperty() {
  const { t, i18n } = useTranslation();
  const { properties, property, month, from, to, previousMonth, nextMonth, calendar, photoNotice } =
    useLoaderData<typeof loader>();
  const data = useActionData<ActionData>();
  const busy = useNavigation().state === "submitting";
  const locale = i18n.language;
  const problem = (field: string) => {
    const found = data?.problems?.find(
      (candidate) => candidate.field === field || candidate.field.startsWith(`${field}.`),
    );
    return found ? t(found.key, found.values) : undefined;
  };
  const formProblem = data?.problems?.find((candidate) => ["form", "body"].includes(candidate.field));
  const shown = (data?.values ?? {}) as Record<string, string | string[] | number[] | boolean | undefined>;
  const monthName = new Intl.DateTimeFormat(locale, { month: "long", year: "numeric", timeZone: "UTC" }).format(
    new Date(`${month}-01T00:00:00Z`),
  );
  const weekdayName = (iso: number, style: "long" | "short") =>
    new Intl.DateTimeFormat(locale, { weekday: style, timeZone: "UTC" }).format(
      new Date(`${addDays(WEEKDAY_REFERENCE, iso - 1)}T00:00:00Z`),
    );
  const dayLabel = (date: string) =>
    new Intl.DateTimeFormat(locale, { weekday: "short", day: "numeric", timeZone: "UTC" }).format(
      new Date(`${date}T00:00:00Z`),
    );
  const badges = (night: CalendarNight) =>
    [
      night.minStay !== null && night.minStay > 1 ? t("rates.minStayBadge", { count: night.minStay }) : undefined,
      night.closedToArrival ? t("rates.closedToArrival") : undefined,
      night.closedToDeparture ? t("rates.closedToDeparture") : undefined,
      night.stopSell ? t("rates.stopSell") : undefined,
    ].filter(Boolean);
  const invalid = (field: string) => (problem(field) ? { "aria-invalid": true as const } : {});
  const describedBy = (field: string) => (problem(field) ? { "aria-describedby": `${field}-error` } : {});
  const errorOf = (field: string) =>
    problem(field) ? (
      <span id={`${field}-error`} className="text-sm font-medium text-red-800">
        {problem(field)}
      </span>
    ) : null;
  const inputLook = "min-h-11 rounded border border-stone-500 bg-white p-2";

  return (
    <main id="main" className="mx-auto max-w-5xl p-6">
      <h1 className="text-3xl font-semibold">{t("titles.manageProperty")}</h1>
      <p className="mt-1 text-stone-700">{property.name}</p>

      <section aria-labelledby="rates-heading" className="mt-8">
        <h2 id="rates-heading" className="text-2xl font-semibold">
          {t("rates.heading")}
        </h2>
        <Form method="get" className="mt-4 flex flex-wrap items-end gap-4">
          <PropertySelect name="property" value={property.id} properties={properties} />
          <label className="flex flex-col gap-1">
            <span className="font-medium">{t("rates.month")}</span>
            <input type="month" name="month" defaultValue={month} className={inputLook} />
          </label>
          <Button variant="secondary">{t("rates.show")}</Button>
          <nav aria-label={t("rates.months")} className="flex gap-4">
            <a className="underline" href={`?property=${property.id}&month=${previousMonth}`}>
              {t("rates.previousMonth")}
            </a>
            <a className="underline" href={`?property=${property.id}&month=${nextMonth}`}>
              {t("rates.nextMonth")}
            </a>
          </nav>
        </Form>

        {calendar.ratePlans.map((plan) => {
          const captionId = `plan-${plan.ratePlanId}`;
          const days = plan.roomTypes[0]?.nights.map((night) => night.date) ?? [];
          return (
            <div key={plan.ratePlanId} className="mt-6">
              <h3 id={captionId} className="text-lg font-semibold">
                {t("rates.planMonth", { plan: plan.name, month: monthName })}
              </h3>
              <ScrollRegion labelledBy={captionId} className="mt-2">
                <table className="w-full border-collapse text-start text-sm" data-rate-plan={plan.ratePlanId}>
                  <thead>
                    <tr className="border-b border-stone-300 bg-stone-50">
                      <th scope="col" className="p-2 text-start">
                        {t("rates.day")}
                      </th>
                      {plan.roomTypes.map((type) => (
                        <th key={type.roomTypeId} scope="col" className="p-2 text-start">
                          {type.name}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {days.map((date, index) => (
                      <tr key={date} className="border-b border-stone-200">
                        <th scope="row" className="whitespace-nowrap p-2 text-start font-medium">
                          <time dateTime={date}>{dayLabel(date)}</time>
                        </th>
                        {plan.roomTypes.map((type) => {
                          const night = type.nights[index];
                          return (
                            <td
                              key={type.roomTypeId}
                              className="p-2 align-top"
                              data-date={date}
                              data-room-type={type.roomTypeId}
                              data-price={night.price}
                            >
                              <span className={night.priceSet ? "font-semibold" : ""}>
                                {formatMoney(night.price, calendar.currency, locale)}
                              </span>
                              {badges(night).map((badge) => (
                                <span
                                  key={badge}
                                  className="ms-2 inline-block rounded bg-amber-100 px-1 text-amber-950"
                                >
                                  {badge}
                                </span>
                              ))}
                            </td>
                          );
                        })}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </ScrollRegion>
            </div>
          );
        })}
      </section>

      <section aria-labelledby="bulk-heading" className="mt-10 max-w-2xl">
        <h2 id="bulk-heading" className="text-2xl font-semibold">
          {t("rates.bulkHeading")}
        </h2>
        <p className="mt-1 text-stone-700">{t("rates.bulkIntro")}</p>
        {data?.done && (
          <div className="mt-4">
            <Alert tone="info">{t("rates.done", { count: data.done.changed })}</Alert>
          </div>
        )}
        {formProblem && (
          <div className="mt-4">
            <Alert>{t(formProblem.key, formProblem.values)}</Alert>
          </div>
        )}
        <Form method="post" className="mt-4 flex flex-col gap-5" noValidate aria-labelledby="bulk-heading">
          <input type="hidden" name="propertyId" value={property.id} />
          <fieldset className="flex flex-col gap-2" {...describedBy("roomTypeIds")}>
            <legend className="font-medium">{t("rates.roomTypes")}</legend>
            {property.roomTypes.map((type) => (
              <label key={type.id} className="flex min-h-6 items-center gap-2">
                <input
                  type="checkbox"
                  name="roomTypeIds"
                  value={type.id}
                  defaultChecked={
                    Array.isArray(shown.roomTypeIds) ? (shown.roomTypeIds as string[]).includes(type.id) : true
                  }
                  className="h-5 w-5"
                />
                {type.name}
              </label>
            ))}
            {errorOf("roomTypeIds")}
          </fieldset>
          <label className="flex flex-col gap-1">
            <span className="font-medium">{t("rates.ratePlan")}</span>
            <select
              name="ratePlanId"
              defaultValue={String(shown.ratePlanId ?? property.ratePlans.find((p) => p.isDefault)?.id ?? "")}
              className={inputLook}
              {...invalid("ratePlanId")}
              {...describedBy("ratePlanId")}
            >
              {property.ratePlans.map((plan) => (
                <option key={plan.id} value={plan.id}>
                  {plan.name}
                </option>
              ))}
            </select>
            {errorOf("ratePlanId")}
          </label>
          <div className="flex flex-wrap gap-4">
            {(["from", "to"] as const).map((field) => (
              <label key={field} className="flex flex-col gap-1">
                <span className="font-medium">{t(`rates.${field}`)}</span>
                <input
                  type="date"
                  name={field}
                  required
                  defaultValue={String(shown[field] ?? (field === "from" ? from : to))}
                  className={inputLook}
                  {...invalid(field)}
                  {...describedBy(field)}
                />
                {errorOf(field)}
              </label>
            ))}
          </div>
          <fieldset className="flex flex-col gap-2" {...describedBy("weekdays")}>
            <legend className="font-medium">{t("rates.weekdays")}</legend>
            <div className="flex flex-wrap gap-4">
              {[1, 2, 3, 4, 5, 6, 7].map((iso) => (
                <label key={iso} className="flex min-h-6 items-center gap-2">
                  <input
                    type="checkbox"
                    name="weekdays"
                    value={iso}
                    defaultChecked={Array.isArray(shown.weekdays) && (shown.weekdays as number[]).includes(iso)}
                    className="h-5 w-5"
                  />
                  <span aria-hidden="true">{weekdayName(iso, "short")}</span>
                  <span className="sr-only">{weekdayName(iso, "long")}</span>
                </label>
              ))}
            </div>
            {errorOf("weekdays")}
          </fieldset>
          <Field
            name="price"
            label={t("rates.price", { currency: property.currency })}
            hint={t("rates.priceHint")}
            error={problem("price")}
            inputMode="decimal"
            autoComplete="off"
            defaultValue={String(shown.price ?? "")}
          />
          <label className="flex min-h-6 items-center gap-2">
            <input type="checkbox" name="useBaseRate" defaultChecked={shown.useBaseRate === true} className="h-5 w-5" />
            {t("rates.useBaseRate")}
          </label>
          <Field
            name="minStay"
            label={t("rates.minStay")}
            hint={t("rates.minStayHint")}
            error={problem("minStay")}
            inputMode="numeric"
            autoComplete="off"
            defaultValue={String(shown.minStay ?? "")}
          />
          {(["closedToArrival", "closedToDeparture", "stopSell"] as const).map((field) => (
            <label key={field} className="flex flex-col gap-1">
              <span className="font-medium">{t(`rates.${field}`)}</span>
              <select name={field} defaultValue={String(shown[field] ?? "keep")} className={inputLook}>
                <option value="keep">{t("rates.keep")}</option>
                <option value="on">{t("rates.setOn")}</option>
                <option value="off">{t("rates.setOff")}</option>
              </select>
            </label>
          ))}
          <div>
            <Button isDisabled={busy}>{t("rates.apply")}</Button>
          </div>
        </Form>
      </section>

      <section id="room-types" aria-labelledby="room-types-heading" className="mt-10 max-w-3xl">
        <h2 id="room-types-heading" className="text-2xl font-semibold">
          {t("setup.roomTypesHeading")}
        </h2>
        <p className="mt-1 text-stone-700">{t("setup.photosIntro")}</p>
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
        {property.roomTypes.map((type) => (
          <section key={type.id} aria-labelledby={`type-${type.id}`} className="mt-6 border-t border-stone-200 pt-4">
            <h3 id={`type-${type.id}`} className="text-lg font-semibold">
              {type.name}
            </h3>
            {type.photos.length === 0 ? (
              <p className="mt-2 text-stone-700">{t("setup.noPhotos")}</p>
            ) : (
              <ul className="mt-2 flex flex-wrap gap-4">
                {type.photos.map((photo) => (
                  <li key={photo.id} className="flex w-52 flex-col gap-2">
                    <img
                      src={photo.src}
                      srcSet={photo.srcSet}
                      sizes="13rem"
                      alt={photo.alt}
                      width={208}
                      height={Math.round(208 * photo.aspect)}
                      loading="lazy"
                      className="h-auto w-full rounded"
                    />
                    <Form method="post" action="/manage-property/photos" encType="multipart/form-data" reloadDocument>
                      <input type="hidden" name="propertyId" value={property.id} />
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
              <input type="hidden" name="propertyId" value={property.id} />
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
              <details>
                <summary className="min-h-6 cursor-pointer font-medium">{t("setup.altOtherLanguages")}</summary>
                <div className="mt-2 flex flex-col gap-3">
                  {LANGUAGES.filter((language) => language.code !== "en").map((language) => (
                    <label key={language.code} className="flex flex-col gap-1">
                      <span className="font-medium" lang={language.code}>
                        {language.name}
                      </span>
                      <input
                        type="text"
                        name={`alt.${language.code}`}
                        lang={language.code}
                        dir={language.code === "ar" ? "rtl" : "ltr"}
                        maxLength={300}
                        autoComplete="off"
                        className={inputLook}
                      />
                    </label>
                  ))}
                </div>
              </details>
              <div>
                <Button>{t("setup.addPhoto")}</Button>
              </div>
            </Form>
          </section>
        ))}
      </section>
    </main>
  );
}
