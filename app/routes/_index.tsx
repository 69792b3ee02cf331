// The front page until the guest portal arrives: the demo property, an
// availability search that works without JavaScript, and where the API is.
import { data, type HeadersFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { clientIp, rateLimit, RateLimited } from "~/auth/throttle.server";
import { ACCESSIBILITY_FEATURES } from "~/booking/accessibility";
import { searchAvailability, type AvailabilityResult } from "~/booking/availability.server";
import { addDays, todayIn } from "~/booking/dates";
import { catalogueText, localizeRoomType } from "~/booking/catalogue-text.server";
import { photosOfProperty, shownPhoto } from "~/booking/photos.server";
import type { Amenity, Bed, ShownPhoto } from "~/booking/room-details";
import type { RatePlanSetup } from "~/booking/rate-plans.server";

type RatePolicy = Pick<RatePlanSetup, "cancellation" | "cancellationHours" | "payment">;
import { listProperties } from "~/booking/property.server";
import { availabilityQuerySchema } from "~/booking/schemas";
import { problemsFromZod, type FieldProblem } from "~/i18n/validation";
import { Photo } from "~/ui/photo";
import { formatMoney } from "~/i18n/money";
import { formatDate } from "~/ui/format";
import { toFormProblems } from "~/web/problems.server";
import { PropertySelect } from "~/ui/property-select";
import { StayDates } from "~/ui/stay-dates";

/** A limited search says when to try again. */
export const headers: HeadersFunction = ({ loaderHeaders }) => {
  const retryAfter = loaderHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

export async function loader({ request }: LoaderFunctionArgs) {
  const properties = await listProperties();
  const url = new URL(request.url);
  // A chain picks its hotel in the search; a single hotel needs no choice.
  const property = properties.find((p) => p.id === url.searchParams.get("propertyId")) ?? properties[0];
  const today = property ? todayIn(property.timeZone) : new Date().toISOString().slice(0, 10);
  const defaults = { checkIn: addDays(today, 14), checkOut: addDays(today, 16), adults: "2" };
  let result:
    | (Omit<AvailabilityResult, "roomTypes"> & {
        roomTypes: (AvailabilityResult["roomTypes"][number] & {
          photos: ShownPhoto[];
          sizeSqm: number | null;
          beds: Bed[];
          amenities: Amenity[];
          policies: Record<string, RatePolicy | null>;
        })[];
      })
    | undefined;
  let errors: FieldProblem[] = [];
  let retryAfter: number | undefined;
  if (property && url.searchParams.has("checkIn")) {
    const parsed = availabilityQuerySchema.safeParse({
      propertyId: property.id,
      checkIn: url.searchParams.get("checkIn") ?? "",
      checkOut: url.searchParams.get("checkOut") ?? "",
      adults: url.searchParams.get("adults") ?? "",
      children: url.searchParams.get("children") || undefined,
      accessibility: url.searchParams.getAll("accessibility"),
    });
    if (!parsed.success) {
      errors = problemsFromZod(parsed.error);
    } else {
      try {
        // One budget per address for the page's searches and the API's.
        await rateLimit("search", clientIp(request));
        const [found, text, photos] = await Promise.all([
          searchAvailability(parsed.data),
          catalogueText(request),
          photosOfProperty(property.id),
        ]);
        // What the search does not carry: each room type's details and each rate plan's policy (listProperties).
        const detailsOf = new Map(property.roomTypes.map((type) => [type.id, type]));
        const policyOf = new Map(
          property.ratePlans.map((plan) => [
            plan.id,
            { cancellation: plan.cancellation, cancellationHours: plan.cancellationHours, payment: plan.payment },
          ]),
        );
        result = {
          ...found,
          roomTypes: found.roomTypes.map((type) => ({
            ...localizeRoomType(type, text),
            photos: (photos.get(type.id) ?? []).map((photo) => shownPhoto(photo, text.locale)!),
            sizeSqm: detailsOf.get(type.id)?.sizeSqm ?? null,
            beds: detailsOf.get(type.id)?.beds ?? [],
            amenities: detailsOf.get(type.id)?.amenities ?? [],
            policies: Object.fromEntries(
              type.ratePlans.map((plan) => [plan.ratePlanId, policyOf.get(plan.ratePlanId) ?? null]),
            ),
          })),
        };
      } catch (error) {
        if (error instanceof RateLimited) {
          retryAfter = error.retryAfterSeconds;
          errors = [{ field: "form", key: "limits.wait", values: { count: retryAfter } }];
        } else {
          // Shown beside the search form; the search page itself still answers 200.
          errors = toFormProblems(error).problems;
        }
      }
    }
  }
  return data(
    {
      property,
      properties: properties.map((p) => ({ id: p.id, name: p.name })),
      today,
      defaults,
      values: Object.fromEntries(url.searchParams),
      needs: url.searchParams.getAll("accessibility"),
      result,
      errors,
    },
    retryAfter ? { status: 429, headers: { "Retry-After": String(retryAfter) } } : undefined,
  );
}

export default function Index() {
  const { property, properties, today, defaults, values, needs, result, errors } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  if (!property) {
    return (
      <main id="main" className="mx-auto max-w-3xl p-6">
        <h1 className="text-3xl font-semibold">{t("hotel.name")}</h1>
        <p className="mt-4">{t("hotel.noProperty")}</p>
      </main>
    );
  }
  const field = (name: string, label: string, input: ReactNode) => (
    <label className="flex flex-col gap-1">
      <span className="font-medium">{label}</span>
      {input}
      {errors
        .filter((problem) => problem.field === name)
        .map((problem) => (
          <span key={problem.key} className="text-sm font-medium text-red-800">
            {t(problem.key, problem.values)}
          </span>
        ))}
    </label>
  );
  return (
    <main id="main" className="mx-auto max-w-4xl p-6">
      <h1 className="text-3xl font-semibold">{property.name}</h1>
      <p className="mt-1 text-sm uppercase tracking-wide text-stone-700">{property.address}</p>
      <p className="mt-2 text-stone-700">
        {t("hotel.times", {
          checkIn: property.checkInTime,
          checkOut: property.checkOutTime,
          currency: property.currency,
        })}
      </p>

      <section aria-labelledby="search-heading" className="mt-8 rounded-lg border border-stone-200 bg-white p-6">
        <h2 id="search-heading" className="text-xl font-semibold">
          {t("search.heading")}
        </h2>
        {errors.length > 0 && (
          <div role="alert" className="mt-4 rounded border border-red-700 bg-red-50 p-3 text-red-900">
            <p className="font-medium">{t("search.checkErrors")}</p>
            <ul className="list-disc ps-5">
              {errors.map((problem) => (
                <li key={`${problem.field}-${problem.key}`}>
                  {problem.field === "form"
                    ? t(problem.key, problem.values)
                    : `${t(`fields.${problem.field}`, { defaultValue: problem.field })}: ${t(problem.key, problem.values)}`}
                </li>
              ))}
            </ul>
          </div>
        )}
        <Form method="get" className="mt-4 grid gap-4 sm:grid-cols-4">
          <PropertySelect name="propertyId" value={property.id} properties={properties} className="sm:col-span-4" />
          <StayDates
            checkIn={values.checkIn ?? defaults.checkIn}
            checkOut={values.checkOut ?? defaults.checkOut}
            min={today}
            locale={locale}
            errors={Object.fromEntries(
              errors
                .filter((problem) => problem.field === "checkIn" || problem.field === "checkOut")
                .map((problem) => [problem.field, t(problem.key, problem.values)]),
            )}
          />
          {field(
            "adults",
            t("search.adults"),
            <input
              type="number"
              name="adults"
              min={1}
              max={12}
              required
              defaultValue={values.adults ?? defaults.adults}
              className="min-h-11 rounded border border-stone-500 p-2"
            />,
          )}
          {field(
            "children",
            t("search.children"),
            <input
              type="number"
              name="children"
              min={0}
              max={12}
              defaultValue={values.children ?? "0"}
              className="min-h-11 rounded border border-stone-500 p-2"
            />,
          )}
          <fieldset className="sm:col-span-4">
            <legend className="font-medium">{t("search.needs")}</legend>
            <div className="mt-2 flex flex-wrap gap-x-6 gap-y-2">
              {ACCESSIBILITY_FEATURES.map((feature) => (
                <label key={feature} className="flex min-h-6 items-center gap-2">
                  <input
                    type="checkbox"
                    name="accessibility"
                    value={feature}
                    defaultChecked={needs.includes(feature)}
                  />
                  {t(`features.${feature}`)}
                </label>
              ))}
            </div>
          </fieldset>
          <div className="sm:col-span-4">
            <button
              type="submit"
              className="min-h-11 rounded bg-teal-800 px-5 py-2 font-medium text-white hover:bg-teal-900 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-teal-800"
            >
              {t("search.submit")}
            </button>
          </div>
        </Form>
      </section>

      {result && (
        <section aria-labelledby="results-heading" className="mt-8">
          <h2 id="results-heading" className="text-xl font-semibold">
            {t("search.results", {
              count: result.nights,
              checkIn: formatDate(result.checkIn, locale),
              checkOut: formatDate(result.checkOut, locale),
            })}
          </h2>
          <ul className="mt-4 grid gap-4">
            {result.roomTypes.map((type) => {
              // The default plan's rule of its calendar, if it refuses these dates.
              const restriction = type.ratePlans.find((plan) => plan.ratePlanId === type.ratePlanId)?.restriction;
              return (
                <li
                  key={type.id}
                  className="rounded-lg border border-stone-200 bg-white p-5"
                  data-restriction={restriction?.rule}
                >
                  {type.photos.length > 0 && (
                    <Photo
                      photo={type.photos[0]}
                      width={800}
                      sizes="(min-width: 64rem) 40rem, 100vw"
                      className="mb-3 h-auto w-full max-w-xl rounded"
                    />
                  )}
                  {type.photos.length > 1 && (
                    <ul className="mb-3 flex flex-wrap gap-2" aria-label={t("search.morePhotos", { name: type.name })}>
                      {type.photos.slice(1).map((photo) => (
                        <li key={photo.src}>
                          <Photo photo={photo} width={128} sizes="8rem" className="h-auto w-32 rounded" />
                        </li>
                      ))}
                    </ul>
                  )}
                  <h3 className="text-lg font-semibold">{type.name}</h3>
                  <p className="mt-1 text-stone-700">{type.description}</p>
                  <p className="mt-2">
                    {[
                      t("search.sleeps", { count: type.capacity }),
                      type.sizeSqm !== null
                        ? t("search.size", { size: new Intl.NumberFormat(locale).format(type.sizeSqm) })
                        : undefined,
                      ...type.beds.map((bed) => t(`beds.${bed.type}`, { count: bed.count })),
                    ]
                      .filter(Boolean)
                      .join(" · ")}
                  </p>
                  {type.amenities.length > 0 && (
                    <p className="mt-1 text-stone-700">
                      {new Intl.ListFormat(locale, { type: "unit" }).format(
                        type.amenities.map((amenity) => t(`amenities.${amenity}`)),
                      )}
                    </p>
                  )}
                  {type.accessibilityFeatures.length > 0 && (
                    <p className="mt-1">
                      {t("search.accessibleRooms", {
                        features: new Intl.ListFormat(locale, { type: "conjunction" }).format(
                          type.accessibilityFeatures.map((feature) => t(`features.${feature}`)),
                        ),
                      })}
                    </p>
                  )}
                  <p className="mt-2">
                    {t("search.perNight", {
                      price: formatMoney(
                        Math.round(type.totalPrice / result.nights / result.rooms),
                        type.currency,
                        locale,
                      ),
                    })}
                  </p>
                  {type.soldOut ? (
                    <p className="mt-1 font-medium">{t("search.soldOut")}</p>
                  ) : (
                    <ul className="mt-3 flex flex-col gap-3" aria-label={t("search.rates", { name: type.name })}>
                      {type.ratePlans.map((plan) => (
                        <li
                          key={plan.ratePlanId}
                          className="flex flex-wrap items-center justify-between gap-3 border-t border-stone-200 pt-3"
                          data-rate-plan={plan.code}
                          data-restriction={plan.restriction?.rule}
                        >
                          <div>
                            <p className="font-medium">{plan.name}</p>
                            <p className="text-sm text-stone-700">
                              {policyWords(t, type.policies[plan.ratePlanId], plan.refundable, plan.cancellationHours)}
                            </p>
                            <p className="font-medium">
                              {plan.restriction
                                ? t(`restrictions.${plan.restriction.rule}`, {
                                    ...plan.restriction,
                                    date: formatDate(plan.restriction.date, locale),
                                  })
                                : t("search.left", {
                                    count: type.available,
                                    price: formatMoney(plan.totalPrice, type.currency, locale),
                                  })}
                            </p>
                          </div>
                          {!plan.restriction && (
                            <a
                              className="inline-block min-h-11 rounded bg-teal-800 px-5 py-2 font-medium text-white hover:bg-teal-900"
                              href={`/book?${new URLSearchParams({
                                roomTypeId: type.id,
                                ratePlanId: plan.ratePlanId,
                                checkIn: result.checkIn,
                                checkOut: result.checkOut,
                                adults: String(result.adults),
                                children: String(result.children),
                              })}`}
                              aria-label={t("search.bookPlanLabel", { name: type.name, plan: plan.name })}
                            >
                              {t("search.book")}
                            </a>
                          )}
                        </li>
                      ))}
                    </ul>
                  )}
                </li>
              );
            })}
          </ul>
        </section>
      )}

      <p className="mt-8">
        <a className="underline" href="/manage">
          {t("manage.link")}
        </a>
      </p>

      <section aria-labelledby="api-heading" className="mt-10 text-stone-700">
        <h2 id="api-heading" className="text-lg font-semibold">
          {t("search.developers")}
        </h2>
        <p className="mt-2">{t("search.api")}</p>
      </section>
    </main>
  );
}

/** A rate plan's cancellation policy and payment, in plain words. */
function policyWords(
  t: (key: string, values?: Record<string, unknown>) => string,
  policy: RatePolicy | null | undefined,
  refundable: boolean,
  cancellationHours: number | null,
): string {
  const cancellation = policy?.cancellation ?? (refundable ? "free_until" : "non_refundable");
  const words = [
    cancellation === "free_until"
      ? t("policy.freeUntil", { count: policy?.cancellationHours ?? cancellationHours ?? 0 })
      : t(`policy.${cancellation}`),
  ];
  if (policy) words.push(t(`policy.payment_${policy.payment}`));
  return words.join(" · ");
}
