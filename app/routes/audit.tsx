// The audit trail for managers and auditors: every change to the property's
// reservations and rooms - who, through which channel, what, when - newest
// first, a page at a time, or the story of one booking.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { readTrail, type AuditEntry } from "~/audit/trail.server";
import { requireWebPermission } from "~/web/auth.server";
import { boardProperty } from "~/board/board.server";
import { referenceSchema } from "~/booking/schemas";
import { pageTitle } from "~/web/page.server";
import { formatMoney } from "~/i18n/money";
import { formatDate } from "~/ui/format";
import { ScrollRegion } from "~/ui/scroll-region";
import { Button, Field } from "~/ui/form";
import { PropertySelect } from "~/ui/property-select";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { account } = await requireWebPermission(request, "audit:read");
  const url = new URL(request.url);
  const title = await pageTitle(request, "titles.audit");
  const { property, properties } = await boardProperty(account, url.searchParams.get("property"));
  const reference = (url.searchParams.get("reference") ?? "").trim().slice(0, 100);
  const validReference = referenceSchema.safeParse(reference);
  const before = /^\d{1,18}$/.test(url.searchParams.get("before") ?? "") ? url.searchParams.get("before")! : undefined;
  if (!property) return { title, properties, property: null, reference, invalidReference: false, trail: null };
  const trail = await readTrail({
    propertyId: property.id,
    reference: validReference.success ? validReference.data : undefined,
    before,
  });
  return {
    title,
    properties,
    property: { id: property.id, name: property.name, timeZone: property.timeZone, currency: property.currency },
    reference,
    invalidReference: reference !== "" && !validReference.success,
    trail,
  };
}

export default function AuditTrail() {
  const { t } = useTranslation();
  const { property, properties, reference, invalidReference, trail } = useLoaderData<typeof loader>();
  return (
    <main id="main" className="mx-auto max-w-7xl p-6">
      <h1 className="text-3xl font-semibold">{t("titles.audit")}</h1>
      <p className="mt-2 text-stone-700">{t("audit.intro")}</p>
      {property && trail ? (
        <>
          <Form method="get" className="mt-6 flex flex-wrap items-end gap-4">
            <PropertySelect name="property" value={property.id} properties={properties} />
            <Field
              name="reference"
              label={t("audit.reference")}
              hint={t("audit.referenceHint")}
              defaultValue={reference}
              maxLength={100}
              error={invalidReference ? t("validation.reference") : undefined}
            />
            <Button>{t("audit.filter")}</Button>
          </Form>
          <Trail entries={trail.entries} property={property} />
          <nav aria-label={t("audit.pages")} className="mt-4 flex gap-4">
            {trail.older && (
              <a
                className="underline"
                href={`?${new URLSearchParams({ property: property.id, reference, before: trail.older })}`}
              >
                {t("audit.older")}
              </a>
            )}
            <a className="underline" href={`?${new URLSearchParams({ property: property.id, reference })}`}>
              {t("audit.newest")}
            </a>
          </nav>
        </>
      ) : (
        <p className="mt-4">{t("board.noProperty")}</p>
      )}
    </main>
  );
}

type TrailProperty = { timeZone: string; currency: string };

function Trail({ entries, property }: { entries: AuditEntry[]; property: TrailProperty }) {
  const { t, i18n } = useTranslation();
  if (!entries.length) return <p className="mt-6">{t("audit.none")}</p>;
  const when = new Intl.DateTimeFormat(i18n.language, {
    dateStyle: "medium",
    timeStyle: "medium",
    timeZone: property.timeZone,
  });
  const who = (actor: AuditEntry["actor"]) =>
    actor.kind === "staff"
      ? `${actor.name} (${t(`roles.${actor.role}`)})`
      : actor.kind === "guest"
        ? t("audit.guest")
        : t("audit.system", { name: actor.name });
  return (
    <ScrollRegion labelledBy="audit-caption" className="mt-6">
      <table className="w-full border-collapse text-sm">
        <caption id="audit-caption" className="sr-only">
          {t("audit.caption")}
        </caption>
        <thead className="bg-stone-100 text-start">
          <tr>
            {(["when", "who", "channel", "what", "booking", "room", "changes"] as const).map((column) => (
              <th key={column} scope="col" className="px-3 py-2 text-start font-medium">
                {t(`audit.columns.${column}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id} className="border-t border-stone-200 align-top">
              <td className="whitespace-nowrap px-3 py-2">
                <time dateTime={entry.occurredAt}>{when.format(new Date(entry.occurredAt))}</time>
              </td>
              <td className="px-3 py-2">{who(entry.actor)}</td>
              <td className="px-3 py-2">{t(`audit.channels.${entry.channel}`, { defaultValue: entry.channel })}</td>
              <td className="px-3 py-2">
                {t(`audit.actions.${entry.action.replace(".", "_")}`, { defaultValue: entry.action })}
              </td>
              <td className="px-3 py-2 font-mono">{entry.reference ?? "—"}</td>
              <td className="px-3 py-2">{entry.roomNumber ?? "—"}</td>
              <td className="px-3 py-2">
                <ul>
                  {entry.changes
                    .filter((change) => change.from !== null || change.to !== null)
                    .map((change) => (
                      <li key={change.field}>
                        {t(`audit.fields.${change.field}`, { defaultValue: change.field })}:{" "}
                        {change.from !== null && <>{show(change.field, change.from)} → </>}
                        {show(change.field, change.to)}
                      </li>
                    ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );

  function show(field: string, value: unknown): string {
    if (value === null || value === undefined) return "—";
    if (field === "status") return t(`status.${String(value)}`);
    if (field === "price" && typeof value === "number") return formatMoney(value, property.currency, i18n.language);
    if (field === "housekeeping_status") return t(`board.housekeepingState.${String(value)}`);
    if (typeof value === "boolean") return value ? t("audit.yes") : t("audit.no");
    if ((field === "check_in" || field === "check_out") && typeof value === "string") {
      return formatDate(value, i18n.language);
    }
    if (field === "hold_expires_at" && typeof value === "string") return when.format(new Date(value));
    return String(value);
  }
}
