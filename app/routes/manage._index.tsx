// Manage a booking without an account: reference and email, then the
// one-time code we email, then the booking.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { clientIp, rateLimit, RateLimited } from "~/auth/throttle.server";
import { grantAccess, sendAccessCode, verifyAccessCode } from "~/booking/guest-access.server";
import { referenceSchema } from "~/booking/schemas";
import { readForm } from "~/web/form.server";
import { MailUnavailable } from "~/mail/mail.server";
import { pageTitle } from "~/web/page.server";
import { requestTranslator } from "~/i18n/translate.server";
import { Alert, Button, Field } from "~/ui/form";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

type ActionData = {
  step: "ask" | "code";
  reference?: string;
  email?: string;
  error?: { key: string; values?: Record<string, unknown> };
};

export async function loader({ request }: LoaderFunctionArgs) {
  return { title: await pageTitle(request, "titles.manage") };
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const reference = String(form.get("reference") ?? "")
    .trim()
    .toUpperCase();
  const email = String(form.get("email") ?? "").trim();
  if (form.get("intent") === "verify") {
    const code = String(form.get("code") ?? "").trim();
    if (referenceSchema.safeParse(reference).success && (await verifyAccessCode(reference, code))) {
      return redirect(`/manage/${reference}`, { headers: { "Set-Cookie": await grantAccess(reference) } });
    }
    return Response.json({ step: "code", reference, error: { key: "manage.wrongCode" } } satisfies ActionData, {
      status: 422,
    });
  }
  const valid = referenceSchema.safeParse(reference).success && z.email().safeParse(email).success;
  if (!valid) {
    return Response.json({ step: "ask", reference, email, error: { key: "manage.invalid" } } satisfies ActionData, {
      status: 422,
    });
  }
  try {
    await rateLimit("manage_booking", clientIp(request));
    await rateLimit("manage_booking", `reference:${reference}`);
  } catch (error) {
    if (!(error instanceof RateLimited)) throw error;
    const data: ActionData = {
      step: "ask",
      reference,
      email,
      error: { key: "limits.wait", values: { count: error.retryAfterSeconds } },
    };
    return Response.json(data, { status: 429, headers: { "Retry-After": String(error.retryAfterSeconds) } });
  }
  try {
    await sendAccessCode(reference, email, await requestTranslator(request));
  } catch (error) {
    if (!(error instanceof MailUnavailable)) throw error;
    console.error(`mail: ${error.message}`);
    const data: ActionData = { step: "ask", reference, email, error: { key: "problems.mail_unavailable" } };
    return Response.json(data, { status: 503 });
  }
  return { step: "code", reference } satisfies ActionData;
}

export default function Manage() {
  const { t } = useTranslation();
  const data = useActionData<ActionData>();
  return (
    <main id="main" className="mx-auto max-w-md p-6">
      <h1 className="text-3xl font-semibold">{t("titles.manage")}</h1>
      {data?.step === "code" ? (
        <Form method="post" className="mt-6 flex flex-col gap-4">
          <Alert tone="info">{t("manage.sent")}</Alert>
          {data.error && <Alert>{t(data.error.key, data.error.values)}</Alert>}
          <input type="hidden" name="intent" value="verify" />
          <input type="hidden" name="reference" value={data.reference} />
          <Field
            name="code"
            label={t("manage.code")}
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="\d{6}"
            maxLength={6}
            required
          />
          <Button>{t("manage.open")}</Button>
        </Form>
      ) : (
        <Form method="post" className="mt-6 flex flex-col gap-4">
          <p>{t("manage.intro")}</p>
          {data?.error && <Alert>{t(data.error.key, data.error.values)}</Alert>}
          <input type="hidden" name="intent" value="send" />
          <Field
            name="reference"
            label={t("manage.reference")}
            autoComplete="off"
            required
            defaultValue={data?.reference}
            hint={t("manage.referenceHint")}
          />
          <Field
            name="email"
            label={t("manage.email")}
            type="email"
            autoComplete="email"
            required
            defaultValue={data?.email}
          />
          <Button>{t("manage.send")}</Button>
        </Form>
      )}
    </main>
  );
}
