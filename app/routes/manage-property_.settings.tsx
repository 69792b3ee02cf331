// The property's own settings (issue 11): name, address, clock, currency,
// the desk's hold duration, the city tax and VAT, and how guests reach the
// hotel. Same rules and audit as PATCH /api/v1/properties/{id}.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { changePropertySettings, readPropertySettings } from "~/booking/property-settings.server";
import { propertySettingsSchema } from "~/booking/schemas";
import { formatMoney, parseMoney } from "~/i18n/money";
import { Button } from "~/ui/form";
import { inputLook, useSetupForm } from "~/ui/setup-form";
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
  return {
    title: await pageTitle(request, "titles.setupSettings"),
    settings: await readPropertySettings(property.id),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { form, property, actor } = await setupRequest(request);
  const text = (name: string) => String(form.get(name) ?? "").trim();
  const number = (name: string) => (text(name) === "" ? Number.NaN : Number(text(name).replace(",", ".")));
  const cityTax =
    text("cityTax.perAdultNight") === "" ? 0 : parseMoney(text("cityTax.perAdultNight"), property.currency);
  if (cityTax === undefined) return fieldProblem(form, "cityTax.perAdultNight", "validation.money");
  return setupAction(form, async () =>
    changePropertySettings(
      property.id,
      propertySettingsSchema.parse({
        name: text("name"),
        address: text("address") || null,
        timeZone: text("timeZone"),
        currency: text("currency").toUpperCase(),
        checkInTime: text("checkInTime"),
        checkOutTime: text("checkOutTime"),
        holdMinutes: number("holdMinutes"),
        cityTax: { perAdultNight: cityTax, maxNights: text("cityTax.maxNights") ? number("cityTax.maxNights") : null },
        vat: {
          percent: text("vat.percent") === "" ? 0 : number("vat.percent"),
          included: text("vat.included") !== "added",
        },
        contact: { email: text("contact.email") || null, phone: text("contact.phone") || null },
      }),
      actor,
    ),
  );
}

export default function SetupSettings() {
  const { t, i18n } = useTranslation();
  const { settings } = useLoaderData<typeof loader>();
  const form = useSetupForm("settings");
  const money = (minor: number) => formatMoney(minor, settings.currency, "en").replace(/[^\d.]/g, "");
  const field = form.field;
  return (
    <main id="main" className="mx-auto max-w-3xl p-6">
      <h1 className="text-3xl font-semibold">{t("titles.setupSettings")}</h1>
      <p className="mt-1 text-stone-700">{settings.name}</p>
      <SetupNav current="/manage-property/settings" propertyId={settings.id} />
      <Form method="post" className="mt-6 flex flex-col gap-5" aria-label={t("titles.setupSettings")}>
        <input type="hidden" name="propertyId" value={settings.id} />
        <input type="hidden" name="form" value="settings" />
        {form.alerts("setup.saved")}
        {field("name", t("setup.propertyName"), settings.name)}
        {field("address", t("setup.address"), settings.address)}
        <div className="flex flex-wrap gap-4">
          {field("timeZone", t("setup.timeZone"), settings.timeZone, { hint: t("validation.timeZone") })}
          {field("currency", t("setup.currency"), settings.currency, { hint: t("setup.currencyHint") })}
        </div>
        <div className="flex flex-wrap gap-4">
          {(["checkInTime", "checkOutTime"] as const).map((name) => (
            <label key={name} className="flex flex-col gap-1">
              <span className="font-medium">{t(`setup.${name}`)}</span>
              <input
                type="time"
                name={name}
                defaultValue={form.value(name, settings[name])}
                aria-invalid={form.problem(name) ? true : undefined}
                aria-describedby={form.problem(name) ? `${name}-error` : undefined}
                className={inputLook}
              />
              {form.problem(name) && (
                <span id={`${name}-error`} className="text-sm font-medium text-red-800">
                  {form.problem(name)}
                </span>
              )}
            </label>
          ))}
          {field("holdMinutes", t("setup.holdMinutes"), settings.holdMinutes, { inputMode: "numeric" })}
        </div>
        <fieldset className="flex flex-col gap-4">
          <legend className="text-lg font-semibold">{t("setup.taxes")}</legend>
          <div className="flex flex-wrap gap-4">
            {field(
              "cityTax.perAdultNight",
              t("setup.cityTax", { currency: settings.currency }),
              money(settings.cityTax.perAdultNight),
              {
                inputMode: "decimal",
              },
            )}
            {field("cityTax.maxNights", t("setup.cityTaxMaxNights"), settings.cityTax.maxNights, {
              inputMode: "numeric",
              hint: t("setup.cityTaxMaxNightsHint"),
            })}
          </div>
          <div className="flex flex-wrap items-end gap-4">
            {field("vat.percent", t("setup.vat"), new Intl.NumberFormat("en").format(settings.vat.percent), {
              inputMode: "decimal",
            })}
            <label className="flex flex-col gap-1">
              <span className="font-medium">{t("setup.vatHow")}</span>
              <select
                name="vat.included"
                defaultValue={form.value("vat.included", settings.vat.included ? "included" : "added")}
                className={inputLook}
              >
                <option value="included">{t("setup.vatIncluded")}</option>
                <option value="added">{t("setup.vatAdded")}</option>
              </select>
            </label>
          </div>
        </fieldset>
        <fieldset className="flex flex-col gap-4">
          <legend className="text-lg font-semibold">{t("setup.contact")}</legend>
          {field("contact.email", t("setup.contactEmail"), settings.contact.email, { type: "email" })}
          {field("contact.phone", t("setup.contactPhone"), settings.contact.phone, { type: "tel" })}
        </fieldset>
        <p className="text-sm text-stone-700" lang={i18n.language}>
          {t("setup.settingsNote")}
        </p>
        <div>
          <Button>{t("setup.save")}</Button>
        </div>
      </Form>
    </main>
  );
}
