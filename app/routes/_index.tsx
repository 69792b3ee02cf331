// The front page until the guest portal arrives: the demo property, an
// availability search that works without JavaScript, and where the API is.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { ACCESSIBILITY_FEATURES } from "~/booking/accessibility";
import { searchAvailability, type AvailabilityResult } from "~/booking/availability.server";
import { addDays, todayIn } from "~/booking/dates";
import { isBookingError } from "~/booking/errors";
import { listProperties } from "~/booking/property.server";
import { availabilityQuerySchema } from "~/booking/schemas";
import { formatMoney } from "~/money";

const FEATURE_LABELS: Record<string, string> = {
  step_free: "Step-free access",
  roll_in_shower: "Roll-in shower",
  grab_bars: "Grab bars",
  hearing_kit: "Hearing access kit",
  visual_alarm: "Visual fire alarm",
  lowered_fixtures: "Lowered fixtures",
  wide_doorways: "Wide doorways",
};

export async function loader({ request }: LoaderFunctionArgs) {
  const properties = await listProperties();
  const property = properties[0];
  const url = new URL(request.url);
  const today = property ? todayIn(property.timeZone) : new Date().toISOString().slice(0, 10);
  const defaults = { checkIn: addDays(today, 14), checkOut: addDays(today, 16), adults: "2" };
  let result: AvailabilityResult | undefined;
  let errors: string[] = [];
  if (property && url.searchParams.has("checkIn")) {
    const parsed = availabilityQuerySchema.safeParse({
      propertyId: property.id,
      checkIn: url.searchParams.get("checkIn") ?? "",
      checkOut: url.searchParams.get("checkOut") ?? "",
      adults: url.searchParams.get("adults") ?? "",
      accessibility: url.searchParams.getAll("accessibility"),
    });
    if (!parsed.success) {
      errors = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    } else {
      try {
        result = await searchAvailability(parsed.data);
      } catch (error) {
        if (!isBookingError(error)) throw error;
        errors = [error.message];
      }
    }
  }
  return {
    property,
    defaults,
    values: Object.fromEntries(url.searchParams),
    needs: url.searchParams.getAll("accessibility"),
    result,
    errors,
  };
}

export default function Index() {
  const { property, defaults, values, needs, result, errors } = useLoaderData<typeof loader>();
  if (!property) {
    return (
      <main id="main" className="mx-auto max-w-3xl p-6">
        <h1 className="text-3xl font-semibold">Hotel booking</h1>
        <p className="mt-4">No property is set up yet.</p>
      </main>
    );
  }
  return (
    <>
      <main id="main" className="mx-auto max-w-4xl p-6">
        <h1 className="text-3xl font-semibold">{property.name}</h1>
        <p className="mt-1 text-sm uppercase tracking-wide text-stone-700">{property.address}</p>
        <p className="mt-2 text-stone-700">
          Check-in from {property.checkInTime}, check-out by {property.checkOutTime}. Prices in {property.currency}.
        </p>

        <section aria-labelledby="search-heading" className="mt-8 rounded-lg border border-stone-200 bg-white p-6">
          <h2 id="search-heading" className="text-xl font-semibold">
            Find a room
          </h2>
          <Form method="get" className="mt-4 grid gap-4 sm:grid-cols-3">
            <label className="flex flex-col gap-1">
              <span className="font-medium">Arrival</span>
              <input
                type="date"
                name="checkIn"
                required
                defaultValue={values.checkIn ?? defaults.checkIn}
                className="rounded border border-stone-400 p-2"
              />
            </label>
            <label className="flex flex-col gap-1">
              <span className="font-medium">Departure</span>
              <input
                type="date"
                name="checkOut"
                required
                defaultValue={values.checkOut ?? defaults.checkOut}
                className="rounded border border-stone-400 p-2"
              />
            </label>
            <label className="flex flex-col gap-1">
              <span className="font-medium">Adults</span>
              <input
                type="number"
                name="adults"
                min={1}
                max={12}
                required
                defaultValue={values.adults ?? defaults.adults}
                className="rounded border border-stone-400 p-2"
              />
            </label>
            <fieldset className="sm:col-span-3">
              <legend className="font-medium">Accessibility needs</legend>
              <div className="mt-2 flex flex-wrap gap-x-6 gap-y-2">
                {ACCESSIBILITY_FEATURES.map((feature) => (
                  <label key={feature} className="flex min-h-6 items-center gap-2">
                    <input
                      type="checkbox"
                      name="accessibility"
                      value={feature}
                      defaultChecked={needs.includes(feature)}
                    />
                    {FEATURE_LABELS[feature]}
                  </label>
                ))}
              </div>
            </fieldset>
            <div className="sm:col-span-3">
              <button
                type="submit"
                className="rounded bg-teal-800 px-5 py-2 font-medium text-white hover:bg-teal-900 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-teal-800"
              >
                Search
              </button>
            </div>
          </Form>
          {errors.length > 0 && (
            <div role="alert" className="mt-4 rounded border border-red-700 bg-red-50 p-3 text-red-900">
              <p className="font-medium">Please check your search:</p>
              <ul className="list-disc ps-5">
                {errors.map((error) => (
                  <li key={error}>{error}</li>
                ))}
              </ul>
            </div>
          )}
        </section>

        {result && (
          <section aria-labelledby="results-heading" className="mt-8">
            <h2 id="results-heading" className="text-xl font-semibold">
              {result.nights} {result.nights === 1 ? "night" : "nights"}, {result.checkIn} to {result.checkOut}
            </h2>
            <ul className="mt-4 grid gap-4">
              {result.roomTypes.map((type) => (
                <li key={type.id} className="rounded-lg border border-stone-200 bg-white p-5">
                  <h3 className="text-lg font-semibold">{type.name}</h3>
                  <p className="mt-1 text-stone-700">{type.description}</p>
                  <p className="mt-2">Sleeps up to {type.capacity}.</p>
                  {type.accessibilityFeatures.length > 0 && (
                    <p className="mt-1">
                      Accessible rooms of this type have:{" "}
                      {type.accessibilityFeatures.map((f) => FEATURE_LABELS[f] ?? f).join(", ")}.
                    </p>
                  )}
                  <p className="mt-2 font-medium">
                    {type.soldOut
                      ? "Sold out for these dates."
                      : `${type.available} left · ${formatMoney(type.totalPrice, type.currency)} in total`}
                  </p>
                </li>
              ))}
            </ul>
          </section>
        )}

        <section aria-labelledby="api-heading" className="mt-10 text-stone-700">
          <h2 id="api-heading" className="text-lg font-semibold">
            For developers
          </h2>
          <p className="mt-2">
            The JSON API lives under <code>/api/v1</code>: <code>GET /api/v1/properties</code>,{" "}
            <code>GET /api/v1/availability</code>, <code>POST /api/v1/sessions</code> and{" "}
            <code>POST /api/v1/bookings</code>. See the README.
          </p>
        </section>
      </main>
    </>
  );
}
