// A guest's own data: download all of it, or erase it.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { blankSessionCookie } from "~/auth/session.server";
import { actorFor } from "~/booking/access.server";
import { requireWebPermission } from "~/web/auth.server";
import { readForm } from "~/web/form.server";
import { pageTitle } from "~/web/page.server";
import { requestTranslator } from "~/i18n/translate.server";
import { eraseAccount } from "~/privacy/rights.server";
import { Button, Field } from "~/ui/form";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireWebPermission(request, "privacy:self");
  return { title: await pageTitle(request, "titles.privacy") };
}

export async function action({ request }: ActionFunctionArgs) {
  const auth = await requireWebPermission(request, "privacy:self");
  const confirm = String((await readForm(request)).get("confirm") ?? "")
    .trim()
    .toLowerCase();
  // The confirmation word is "erase" in the reader's own language (or in English).
  const { t } = await requestTranslator(request);
  if (confirm !== "erase" && confirm !== t("privacy.confirmWord").toLowerCase()) {
    return Response.json({ error: "privacy.notConfirmed" }, { status: 422 });
  }
  await eraseAccount(auth.account.id, actorFor(auth));
  return redirect("/", { headers: { "Set-Cookie": blankSessionCookie() } });
}

export default function Privacy() {
  const { t } = useTranslation();
  const data = useActionData<{ error?: string }>();
  return (
    <main id="main" className="mx-auto max-w-2xl p-6">
      <h1 className="text-3xl font-semibold">{t("titles.privacy")}</h1>
      <section aria-labelledby="download" className="mt-6">
        <h2 id="download" className="text-xl font-semibold">
          {t("privacy.download")}
        </h2>
        <p className="mt-2">{t("privacy.downloadText")}</p>
        <a
          href="/api/v1/me/export"
          download
          className="mt-3 inline-block min-h-11 rounded border border-stone-500 bg-white px-5 py-2 font-medium"
        >
          {t("privacy.downloadButton")}
        </a>
      </section>
      <section aria-labelledby="erase" className="mt-10">
        <h2 id="erase" className="text-xl font-semibold">
          {t("privacy.erase")}
        </h2>
        <p className="mt-2">{t("privacy.eraseText")}</p>
        <Form method="post" className="mt-4 flex max-w-sm flex-col gap-4">
          <Field
            name="confirm"
            label={t("privacy.confirm", { word: t("privacy.confirmWord") })}
            autoComplete="off"
            required
            error={data?.error ? t(data.error, { word: t("privacy.confirmWord") }) : undefined}
          />
          <Button variant="secondary">{t("privacy.eraseButton")}</Button>
        </Form>
      </section>
    </main>
  );
}
