// Admins act on a guest's request to be erased: find the guest's profiles by
// the email the request came from or by a booking reference, see what is held,
// and erase a profile after confirming. The search is posted, never put in the
// address, so the email stays out of logs, history and Referer headers.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireWebPermission } from "~/web/auth.server";
import { referenceSchema } from "~/booking/schemas";
import { readForm } from "~/web/form.server";
import { pageTitle } from "~/web/page.server";
import { findGuests, type GuestRecord } from "~/privacy/rights.server";
import { ConfirmDialog } from "~/ui/confirm-dialog";
import { Alert, Button, Field } from "~/ui/form";
import { formatDate } from "~/ui/format";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

const querySchema = z.union([z.object({ email: z.email().max(254) }), z.object({ reference: referenceSchema })]);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireWebPermission(request, "privacy:erase_guest");
  const url = new URL(request.url);
  return { title: await pageTitle(request, "titles.guests"), erased: url.searchParams.get("erased") === "1" };
}

type SearchResult = { q: string; guests: GuestRecord[] | null; invalid: boolean };

export async function action({ request }: ActionFunctionArgs) {
  await requireWebPermission(request, "privacy:erase_guest");
  const q = String((await readForm(request)).get("q") ?? "")
    .trim()
    .slice(0, 300);
  if (!q) return { q, guests: null, invalid: true } satisfies SearchResult;
  const search = querySchema.safeParse(q.includes("@") ? { email: q } : { reference: q });
  if (!search.success) return { q, guests: null, invalid: true } satisfies SearchResult;
  return { q, guests: await findGuests(search.data), invalid: false } satisfies SearchResult;
}

export default function Guests() {
  const { t } = useTranslation();
  const { erased } = useLoaderData<typeof loader>();
  const { q = "", guests = null, invalid = false } = useActionData<SearchResult>() ?? {};
  return (
    <main id="main" className="mx-auto max-w-3xl p-6">
      <h1 className="text-3xl font-semibold">{t("titles.guests")}</h1>
      <p className="mt-2 text-stone-700">{t("guests.intro")}</p>
      {erased && (
        <div className="mt-4">
          <Alert tone="info">{t("guests.erasedNotice")}</Alert>
        </div>
      )}
      <Form method="post" className="mt-6 flex flex-wrap items-end gap-4">
        <div className="min-w-64 flex-1">
          <Field
            name="q"
            label={t("guests.search")}
            hint={t("guests.searchHint")}
            defaultValue={q}
            required
            maxLength={300}
            error={invalid ? t("guests.invalidSearch") : undefined}
          />
        </div>
        <Button>{t("guests.find")}</Button>
      </Form>
      {guests && (
        <section aria-labelledby="found" className="mt-8">
          <h2 id="found" className="text-xl font-semibold">
            {t("guests.found", { number: guests.length })}
          </h2>
          {guests.length === 0 ? (
            <p className="mt-2">{t("guests.none")}</p>
          ) : (
            <ul className="mt-3 flex flex-col gap-3">
              {guests.map((guest) => (
                <GuestCard key={guest.id} guest={guest} />
              ))}
            </ul>
          )}
        </section>
      )}
    </main>
  );
}

function GuestCard({ guest }: { guest: GuestRecord }) {
  const { t, i18n } = useTranslation();
  const name = guest.erased ? t("guests.erasedGuest") : guest.fullName;
  return (
    <li className="rounded-lg border border-stone-200 bg-white p-4">
      <p className="font-semibold">{name}</p>
      <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm [overflow-wrap:anywhere]">
        {!guest.erased && (
          <>
            <dt>{t("guests.email")}</dt>
            <dd>{guest.email ?? "—"}</dd>
            <dt>{t("guests.phone")}</dt>
            <dd>{guest.phone ?? "—"}</dd>
          </>
        )}
        <dt>{t("guests.since")}</dt>
        <dd>{formatDate(guest.createdAt.slice(0, 10), i18n.language)}</dd>
        <dt>{t("guests.bookings")}</dt>
        <dd className="font-mono">{guest.references.join(", ") || "—"}</dd>
      </dl>
      {!guest.erased && (
        <div className="mt-3">
          <ConfirmDialog
            trigger={t("guests.erase")}
            title={t("titles.eraseGuest")}
            body={<p>{t("guests.question", { name })}</p>}
            confirm={t("guests.confirm")}
            keep={t("guests.keep")}
            action={`/admin/guests/${guest.id}/erase`}
          />
        </div>
      )}
    </li>
  );
}
