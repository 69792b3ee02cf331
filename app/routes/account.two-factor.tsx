// Staff enrol an authenticator app (TOTP) before they can do anything else.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { finishTotpEnrolment, startTotpEnrolment } from "~/auth/accounts.server";
import { createSession, signOut, sessionCookie } from "~/auth/session.server";
import { totpEnrolment } from "~/auth/totp.server";
import { requireWebAuth } from "~/auth/web.server";
import { pageTitle } from "~/i18n/page.server";
import { Alert, Button, Field } from "~/ui/form";
import { readForm } from "~/http/form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { account } = await requireWebAuth(request, { allowEnrolment: true });
  if (account.role === "guest" || account.totpEnrolled) throw redirect("/account");
  const { secret, pending } = startTotpEnrolment(account.id);
  const { qrSvg } = await totpEnrolment(secret, account.email);
  return { secret, pending, qrSvg, title: await pageTitle(request, "titles.twoFactor") };
}

export async function action({ request }: ActionFunctionArgs) {
  const auth = await requireWebAuth(request, { allowEnrolment: true });
  const form = await readForm(request);
  const ok = await finishTotpEnrolment(
    auth.account.id,
    String(form.get("pending") ?? ""),
    String(form.get("code") ?? "").trim(),
  );
  if (!ok) {
    return Response.json({ error: "twoFactor.mismatch" }, { status: 422 });
  }
  // The enrolment-only session ends; a full one begins.
  await signOut(auth.sessionId);
  const { token } = await createSession(auth.account.id, { stage: "full", kind: "web" });
  return redirect("/account", { headers: { "Set-Cookie": sessionCookie(token) } });
}

export default function TwoFactor() {
  const { t } = useTranslation();
  const { secret, pending, qrSvg } = useLoaderData<typeof loader>();
  const data = useActionData<{ error?: string }>();
  return (
    <main id="main" className="mx-auto max-w-xl p-6">
      <h1 className="text-3xl font-semibold">{t("titles.twoFactor")}</h1>
      <p className="mt-4">{t("twoFactor.intro")}</p>
      <figure className="mt-6">
        {/* The QR code is an SVG our server drew from the key below. */}
        <div role="img" aria-label={t("twoFactor.qr")} className="w-52" dangerouslySetInnerHTML={{ __html: qrSvg }} />
        <figcaption className="mt-2">
          {t("twoFactor.key")} <code className="break-all font-mono">{secret}</code>
        </figcaption>
      </figure>
      <Form method="post" className="mt-6 flex flex-col gap-4">
        {data?.error && <Alert>{t(data.error)}</Alert>}
        <input type="hidden" name="pending" value={pending} />
        <Field
          name="code"
          label={t("twoFactor.code")}
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="\d{6}"
          maxLength={6}
          required
        />
        <Button>{t("twoFactor.submit")}</Button>
      </Form>
    </main>
  );
}
