// Rate plans as managers set them up (issue 11): name in each language, the
// cancellation policy, what is paid when, the room types a plan is sold for,
// and derived plans ("Advance saver = Flexible − 12 %"). Same rules and
// audit as /api/v1/properties/{id}/rate-plans.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { createRatePlan, listRatePlans, updateRatePlan, type RatePlanSetup } from "~/booking/rate-plans.server";
import { ratePlanCreateSchema, ratePlanPatchSchema } from "~/booking/schemas";
import { LANGUAGES } from "~/i18n/config";
import { Button } from "~/ui/form";
import { inputLook, OtherLanguages, useSetupForm } from "~/ui/setup-form";
import { SetupNav } from "~/ui/setup-nav";
import { requireWebPermission } from "~/web/auth.server";
import { managedProperty } from "~/web/managed-property.server";
import { pageTitle } from "~/web/page.server";
import { setupAction, setupRequest } from "~/web/setup-action.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

const CANCELLATIONS = ["free_until", "first_night_fee", "non_refundable"] as const;
const PAYMENTS = ["at_arrival", "at_booking", "first_night_at_booking"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requireWebPermission(request, "property:manage");
  const url = new URL(request.url);
  const { property } = await managedProperty(auth.account, url.searchParams.get("property"));
  return {
    title: await pageTitle(request, "titles.setupRatePlans"),
    property: { id: property.id, name: property.name },
    roomTypes: property.roomTypes.map(({ id, name }) => ({ id, name })),
    ratePlans: await listRatePlans(property.id),
  };
}

/** The plan's fields as the form has them; the schema then says what is wrong. */
function planFields(form: FormData) {
  const text = (name: string) => String(form.get(name) ?? "").trim();
  const cancellation = text("cancellation");
  const hours = text("cancellationHours");
  const parent = text("derivedFrom");
  const translations = Object.fromEntries(
    LANGUAGES.filter((language) => language.code !== "en")
      .map((language) => [language.code, text(`name.${language.code}`)] as const)
      .filter(([, name]) => name !== "")
      .map(([code, name]) => [code, { name }]),
  );
  return {
    name: text("name"),
    translations,
    cancellation,
    cancellationHours: cancellation === "free_until" && hours !== "" ? Number(hours) : null,
    payment: text("payment"),
    roomTypeIds: form.get("allRoomTypes") === "on" ? null : form.getAll("roomTypeIds").map(String),
    derivedFrom: parent
      ? { ratePlanId: parent, percent: text("percent") === "" ? Number.NaN : Number(text("percent").replace(",", ".")) }
      : null,
    ...(form.get("isDefault") === "on" ? { isDefault: true as const } : {}),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { form, property, actor } = await setupRequest(request);
  const ratePlanId = z.uuid().safeParse(form.get("ratePlanId")).data;
  if (form.get("intent") === "create") {
    return setupAction(form, () =>
      createRatePlan(
        property.id,
        ratePlanCreateSchema.parse({ code: String(form.get("code") ?? "").trim(), ...planFields(form) }),
        actor,
      ),
    );
  }
  if (!ratePlanId) throw new Response("Bad Request", { status: 400 });
  return setupAction(form, () =>
    updateRatePlan(property.id, ratePlanId, ratePlanPatchSchema.parse(planFields(form)), actor),
  );
}

export default function SetupRatePlans() {
  const { t } = useTranslation();
  const { property, ratePlans } = useLoaderData<typeof loader>();
  return (
    <main id="main" className="mx-auto max-w-5xl p-6">
      <h1 className="text-3xl font-semibold">{t("titles.setupRatePlans")}</h1>
      <p className="mt-1 text-stone-700">{property.name}</p>
      <SetupNav current="/manage-property/rate-plans" propertyId={property.id} />
      <ul className="mt-6 flex flex-col gap-6">
        {ratePlans.map((plan) => (
          <li key={plan.id} className="rounded-lg border border-stone-200 bg-white p-4">
            <h2 id={`plan-${plan.id}`} className="text-xl font-semibold">
              {plan.name} <span className="text-base font-normal text-stone-700">({plan.code})</span>
            </h2>
            <PlanForm plan={plan} />
          </li>
        ))}
      </ul>
      <section aria-labelledby="new-plan" className="mt-10 rounded-lg border border-stone-200 bg-white p-4">
        <h2 id="new-plan" className="text-xl font-semibold">
          {t("setup.newRatePlan")}
        </h2>
        <PlanForm />
      </section>
    </main>
  );
}

function PlanForm({ plan }: { plan?: RatePlanSetup }) {
  const { t } = useTranslation();
  const { property, roomTypes, ratePlans } = useLoaderData<typeof loader>();
  const key = plan ? `plan-${plan.id}` : "create";
  const form = useSetupForm(key);
  const id = (name: string) => `${key}-${name}`;
  const typed = form.values("roomTypeIds");
  const chosenTypes = typed ?? plan?.roomTypeIds ?? [];
  const allTypes = form.values("allRoomTypes") ? true : typed ? false : !plan || plan.roomTypeIds === null;
  const parents = ratePlans.filter((candidate) => candidate.id !== plan?.id && candidate.derivedFrom === null);
  const problemOf = (field: string) =>
    form.problem(field) ? (
      <span id={id(`${field}-error`)} className="text-sm font-medium text-red-800">
        {form.problem(field)}
      </span>
    ) : null;
  const described = (field: string) =>
    form.problem(field) ? { "aria-invalid": true as const, "aria-describedby": id(`${field}-error`) } : {};
  return (
    <Form
      method="post"
      className="mt-3 flex flex-col gap-4"
      aria-label={plan ? t("setup.editRatePlan", { name: plan.name }) : t("setup.newRatePlan")}
    >
      <input type="hidden" name="propertyId" value={property.id} />
      <input type="hidden" name="form" value={key} />
      <input type="hidden" name="intent" value={plan ? "update" : "create"} />
      {plan && <input type="hidden" name="ratePlanId" value={plan.id} />}
      {form.alerts(plan ? "setup.saved" : "setup.ratePlanCreated")}
      <div className="flex flex-wrap gap-4">
        {!plan && form.field("code", t("setup.code"), "", { hint: t("validation.code") })}
        {form.field("name", t("setup.nameEnglish"), plan?.name)}
      </div>
      <OtherLanguages
        summary={t("setup.namesInOther")}
        name="name"
        maxLength={200}
        value={(code) => form.value(`name.${code}`, plan?.translations[code]?.name)}
      />
      <fieldset>
        <legend className="font-medium">{t("setup.cancellation")}</legend>
        <div className="mt-2 flex flex-col gap-2">
          {CANCELLATIONS.map((choice) => (
            <label key={choice} className="flex min-h-6 items-center gap-2">
              <input
                type="radio"
                name="cancellation"
                value={choice}
                defaultChecked={form.value("cancellation", plan?.cancellation ?? "free_until") === choice}
                className="h-5 w-5"
              />
              {t(`setup.cancellation_${choice}`)}
            </label>
          ))}
        </div>
        {problemOf("cancellation")}
      </fieldset>
      <label className="flex max-w-xs flex-col gap-1">
        <span className="font-medium">{t("setup.cancellationHours")}</span>
        <input
          type="text"
          inputMode="numeric"
          name="cancellationHours"
          defaultValue={form.value("cancellationHours", plan?.cancellationHours)}
          autoComplete="off"
          className={inputLook}
          {...described("cancellationHours")}
        />
        {problemOf("cancellationHours")}
      </label>
      <label className="flex max-w-md flex-col gap-1">
        <span className="font-medium">{t("setup.payment")}</span>
        <select
          name="payment"
          defaultValue={form.value("payment", plan?.payment ?? "at_arrival")}
          className={inputLook}
        >
          {PAYMENTS.map((choice) => (
            <option key={choice} value={choice}>
              {t(`setup.payment_${choice}`)}
            </option>
          ))}
        </select>
      </label>
      <fieldset>
        <legend className="font-medium">{t("setup.soldFor")}</legend>
        <label className="mt-2 flex min-h-6 items-center gap-2">
          <input type="checkbox" name="allRoomTypes" defaultChecked={allTypes} className="h-5 w-5" />
          {t("setup.allRoomTypes")}
        </label>
        <div className="mt-2 flex flex-wrap gap-x-6 gap-y-2">
          {roomTypes.map((type) => (
            <label key={type.id} className="flex min-h-6 items-center gap-2">
              <input
                type="checkbox"
                name="roomTypeIds"
                value={type.id}
                defaultChecked={chosenTypes.includes(type.id)}
                className="h-5 w-5"
              />
              {type.name}
            </label>
          ))}
        </div>
        {problemOf("roomTypeIds")}
      </fieldset>
      <div className="flex flex-wrap items-start gap-4">
        <label className="flex flex-col gap-1">
          <span className="font-medium">{t("setup.derivedFrom")}</span>
          <select
            name="derivedFrom"
            defaultValue={form.value("derivedFrom", plan?.derivedFrom?.ratePlanId ?? "")}
            className={inputLook}
            {...described("derivedFrom")}
          >
            <option value="">{t("setup.ownPrices")}</option>
            {parents.map((parent) => (
              <option key={parent.id} value={parent.id}>
                {parent.name}
              </option>
            ))}
          </select>
          {problemOf("derivedFrom")}
        </label>
        <label className="flex flex-col gap-1">
          <span className="font-medium">{t("setup.percent")}</span>
          <span id={id("percent-hint")} className="text-sm text-stone-700">
            {t("setup.percentHint")}
          </span>
          <input
            type="text"
            inputMode="decimal"
            name="percent"
            defaultValue={form.value("percent", plan?.derivedFrom?.percent)}
            autoComplete="off"
            aria-describedby={id("percent-hint")}
            className={inputLook}
          />
        </label>
      </div>
      {!plan?.isDefault && (
        <label className="flex min-h-6 items-center gap-2">
          <input type="checkbox" name="isDefault" className="h-5 w-5" />
          {t("setup.makeDefault")}
        </label>
      )}
      <div>
        <Button variant={plan ? "secondary" : "primary"}>{plan ? t("setup.save") : t("setup.addRatePlan")}</Button>
      </div>
    </Form>
  );
}
