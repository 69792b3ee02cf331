// Property setup for managers and admins of a property (issue 11): the rate
// calendar of a month, each rate plan's price and restrictions per room type
// and day, and a form that changes many days at once ("Saturdays in July:
// 180 €"), with the same rules and audit as PUT/POST /api/v1/properties/{id}/rates.
// The other setup pages (property, room types and photos, rooms, rate plans)
// are linked from its navigation.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { addDays, parseIsoDate, todayIn } from "~/booking/dates";
import { changeRatesInBulk, readRateCalendar, type CalendarNight } from "~/booking/rates.server";
import { rateCalendarBulkSchema } from "~/booking/schemas";
import { formatMoney, parseMoney } from "~/i18n/money";
import type { FieldProblem } from "~/i18n/validation";
import { Alert, Button, Field } from "~/ui/form";
import { PropertySelect } from "~/ui/property-select";
import { ScrollRegion } from "~/ui/scroll-region";
import { SetupNav } from "~/ui/setup-nav";
import { requireWebPermission } from "~/web/auth.server";
import { managedProperty } from "~/web/managed-property.server";
import { setupRequest } from "~/web/setup-action.server";
import { pageTitle } from "~/web/page.server";
import { toFormProblems } from "~/web/problems.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

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
  const calendar = await readRateCalendar({ propertyId: property.id, from, to });
  return {
    title: await pageTitle(request, "titles.manageProperty"),
    properties,
    property: {
      id: property.id,
      name: property.name,
      currency: property.currency,
      roomTypes: property.roomTypes.map(({ id, name }) => ({ id, name })),
      ratePlans: property.ratePlans.map(({ id, name, isDefault }) => ({ id, name, isDefault })),
    },
    month,
    from,
    to,
    previousMonth: addDays(from, -1).slice(0, 7),
    nextMonth: nextMonth(month),
    calendar,
  };
}

type ActionData = { problems?: FieldProblem[]; done?: { changed: number }; values?: Record<string, unknown> };

/** A select's three answers: leave the days as they are, set the restriction, or clear it. */
function tristate(value: FormDataEntryValue | null): boolean | undefined {
  return value === "on" ? true : value === "off" ? false : undefined;
}

export async function action({ request }: ActionFunctionArgs) {
  const { form, property, actor } = await setupRequest(request);
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
    const result = await changeRatesInBulk(property.id, bulk, actor);
    return { done: { changed: result.days } } satisfies ActionData;
  } catch (error) {
    const { problems, status } = toFormProblems(error);
    return Response.json({ problems, values } satisfies ActionData, { status });
  }
}

const WEEKDAY_REFERENCE = "2024-01-01"; // a Monday

export default function ManageProperty() {
  const { t, i18n } = useTranslation();
  const { properties, property, month, from, to, previousMonth, nextMonth, calendar } = useLoaderData<typeof loader>();
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
      <SetupNav current="/manage-property" propertyId={property.id} />

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
    </main>
  );
}
