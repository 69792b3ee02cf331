// Ask for a password-reset link by email.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requestPasswordReset } from "~/auth/password-reset.server";
import { clientIp, emailKey, rateLimit, RateLimited } from "~/auth/throttle.server";
import { readForm } from "~/web/form.server";
import { MailUnavailable } from "~/mail/mail.server";
import { pageTitle } from "~/web/page.server";
import { requestTranslator } from "~/i18n/translate.server";
import { Alert, Button, Field } from "~/ui/form";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

type ActionData = { sent?: boolean; error?: { key: string; values?: Record<string, unknown> } };

export async function loader({ request }: LoaderFunctionArgs) {
  return { title: await pageTitle(request, "titles.forgot") };
}

export async function action({ request }: ActionFunctionArgs) {
  const email = z
    .email()
    .max(254)
    .safeParse(String((await readForm(request)).get("email") ?? "").trim());
  if (!email.success)
    return Response.json({ error: { key: "forgot.emailRequired" } } satisfies ActionData, { status: 422 });
  try {
    await rateLimit("password_reset", clientIp(request));
    await rateLimit("password_reset", emailKey(email.data));
  } catch (error) {
    if (!(error instanceof RateLimited)) throw error;
    const data: ActionData = { error: { key: "limits.wait", values: { count: error.retryAfterSeconds } } };
    return Response.json(data, { status: 429, headers: { "Retry-After": String(error.retryAfterSeconds) } });
  }
  // The email goes out in the language the person asked in.
  try {
    await requestPasswordReset(email.data, await requestTranslator(request));
  } catch (error) {
    if (!(error instanceof MailUnavailable)) throw error;
    console.error(`mail: ${error.message}`);
    return Response.json({ error: { key: "problems.mail_unavailable" } } satisfies ActionData, { status: 503 });
  }
  return { sent: true } satisfies ActionData;
}

export default function ForgotPassword() {
  const { t } = useTranslation();
  const data = useActionData<ActionData>();
  return (
    <main id="main" className="mx-auto max-w-md p-6">
      <h1 className="text-3xl font-semibold">{t("titles.forgot")}</h1>
      {data?.sent ? (
        <div className="mt-6">
          <Alert tone="info">{t("forgot.sent")}</Alert>
        </div>
      ) : (
        <Form method="post" className="mt-6 flex flex-col gap-4">
          {data?.error && <Alert>{t(data.error.key, data.error.values)}</Alert>}
          <Field name="email" label={t("forgot.email")} type="email" autoComplete="email" required />
          <Button>{t("forgot.submit")}</Button>
        </Form>
      )}
    </main>
  );
}
