// The signed-in person's account: who they are and their sessions.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { refreshHeaders, requireWebAuth } from "~/web/auth.server";
import { pageTitle } from "~/web/page.server";
import { Button } from "~/ui/form";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requireWebAuth(request);
  const { account } = auth;
  return Response.json(
    {
      title: await pageTitle(request, "titles.account"),
      displayName: account.displayName,
      email: account.email,
      role: account.role,
      staff: account.role !== "guest",
      totpEnrolled: account.totpEnrolled,
    },
    { headers: refreshHeaders(auth) },
  );
}

export default function Account() {
  const { t } = useTranslation();
  const account = useLoaderData<typeof loader>();
  return (
    <main id="main" className="mx-auto max-w-2xl p-6">
      <h1 className="text-3xl font-semibold">{t("titles.account")}</h1>
      <dl className="mt-6 grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2">
        <dt className="font-medium">{t("account.name")}</dt>
        <dd>{account.displayName || "—"}</dd>
        <dt className="font-medium">{t("account.email")}</dt>
        <dd>{account.email}</dd>
        <dt className="font-medium">{t("account.role")}</dt>
        <dd>{t(`roles.${account.role}`)}</dd>
        {account.staff && (
          <>
            <dt className="font-medium">{t("account.secondFactor")}</dt>
            <dd>{account.totpEnrolled ? t("account.enrolled") : t("account.notEnrolled")}</dd>
          </>
        )}
      </dl>
      {!account.staff && (
        <p className="mt-6">
          <a className="underline" href="/account/privacy">
            {t("account.yourData")}
          </a>
        </p>
      )}
      <section aria-labelledby="sessions-heading" className="mt-8">
        <h2 id="sessions-heading" className="text-xl font-semibold">
          {t("account.sessions")}
        </h2>
        <div className="mt-4 flex flex-wrap gap-3">
          <Form method="post" action="/sign-out">
            <Button variant="secondary">{t("account.signOut")}</Button>
          </Form>
          <Form method="post" action="/sign-out">
            <input type="hidden" name="scope" value="everywhere" />
            <Button variant="secondary">{t("account.signOutEverywhere")}</Button>
          </Form>
        </div>
      </section>
    </main>
  );
}
