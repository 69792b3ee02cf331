// Staff enrol an authenticator app (TOTP) before they can do anything else.
// The key shown is kept in this session only and expires; enrolling ends
// every other session of the account.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { finishTotpEnrolment, PENDING_TOTP_MINUTES, startTotpEnrolment } from "~/auth/accounts.server";
import { blankSessionCookie, sessionCookie } from "~/auth/session.server";
import { totpEnrolment } from "~/auth/totp.server";
import { requireWebAuth } from "~/web/auth.server";
import { pageTitle } from "~/web/page.server";
import { Alert, Button, Field } from "~/ui/form";
import { readForm } from "~/web/form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { account, sessionId } = await requireWebAuth(request, { stage: "enrol_totp" });
  const secret = await startTotpEnrolment(account.id, sessionId);
  if (!secret) throw redirect("/account");
  const { qrSvg } = await totpEnrolment(secret, account.email);
  return { secret, qrSvg, minutes: PENDING_TOTP_MINUTES, title: await pageTitle(request, "titles.twoFactor") };
}

export async function action({ request }: ActionFunctionArgs) {
  const auth = await requireWebAuth(request, { stage: "enrol_totp" });
  const form = await readForm(request);
  const code = String(form.get("code") ?? "")
    .trim()
    .slice(0, 20);
  const result = await finishTotpEnrolment(auth.account.id, auth.sessionId, code);
  if (!result.ok) {
    // Enrolled meanwhile from another session: this one has ended with the others.
    if (result.problem === "already_enrolled") {
      throw redirect("/sign-in", { headers: { "Set-Cookie": blankSessionCookie() } });
    }
    return Response.json({ error: `twoFactor.${result.problem}` }, { status: 422 });
  }
  // Every session of the account has ended; a full one begins here.
  return redirect("/account", { headers: { "Set-Cookie": sessionCookie(result.token) } });
}

export default function TwoFactor() {
  const { t } = useTranslation();
  const { secret, qrSvg, minutes } = useLoaderData<typeof loader>();
  const data = useActionData<{ error?: string }>();
  return (
    <main id="main" className="mx-auto max-w-xl p-6">
      <h1 className="text-3xl font-semibold">{t("titles.twoFactor")}</h1>
      <p className="mt-4">{t("twoFactor.intro")}</p>
      <p className="mt-2">{t("twoFactor.expires", { minutes })}</p>
      <figure className="mt-6">
        {/* The QR code is an SVG our server drew from the key below. */}
        <div role="img" aria-label={t("twoFactor.qr")} className="w-52" dangerouslySetInnerHTML={{ __html: qrSvg }} />
        <figcaption className="mt-2">
          {t("twoFactor.key")} <code className="break-all font-mono">{secret}</code>
        </figcaption>
      </figure>
      <Form method="post" className="mt-6 flex flex-col gap-4">
        {data?.error && <Alert>{t(data.error)}</Alert>}
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
