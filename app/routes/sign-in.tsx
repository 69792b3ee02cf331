// Sign in with email and password, plus the one-time code for staff.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { attemptSignIn, authenticate, sessionCookie } from "~/auth/session.server";
import { clientIp, RateLimited } from "~/auth/throttle.server";
import { firstPageOf, homePageOf, safeRedirect } from "~/web/auth.server";
import { readForm } from "~/web/form.server";
import { pageTitle } from "~/web/page.server";
import { Alert, Button, Field } from "~/ui/form";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

const schema = z.object({
  email: z.string().trim().min(3).max(254),
  password: z.string().min(1).max(1024),
  totp: z
    .string()
    .trim()
    .regex(/^(\d{6})?$/)
    .optional(),
  redirectTo: z.string().max(2000).optional(),
});

type ActionData = { error: { key: string; values?: Record<string, unknown> }; email?: string; needsCode?: boolean };

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await authenticate(request);
  if (auth) throw redirect(homePageOf(auth.account.role));
  return { title: await pageTitle(request, "titles.signIn") };
}

export async function action({ request }: ActionFunctionArgs) {
  const parsed = schema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success)
    return Response.json({ error: { key: "signIn.incomplete" } } satisfies ActionData, { status: 422 });
  const { email, password, totp, redirectTo } = parsed.data;
  try {
    const result = await attemptSignIn({
      email,
      password,
      totp: totp || undefined,
      kind: "web",
      ip: clientIp(request),
    });
    if (!result.ok) {
      const data: ActionData = {
        error: { key: `signIn.${result.reason}` },
        email,
        needsCode: result.reason !== "invalid_credentials",
      };
      return Response.json(data, { status: 401 });
    }
    const to = firstPageOf(result.stage, safeRedirect(redirectTo, homePageOf(result.account.role)));
    return redirect(to, { headers: { "Set-Cookie": sessionCookie(result.token) } });
  } catch (error) {
    if (!(error instanceof RateLimited)) throw error;
    const data: ActionData = { error: { key: "limits.wait", values: { count: error.retryAfterSeconds } }, email };
    return Response.json(data, { status: 429, headers: { "Retry-After": String(error.retryAfterSeconds) } });
  }
}

export default function SignIn() {
  const { t } = useTranslation();
  const data = useActionData<ActionData>();
  const [params] = useSearchParams();
  return (
    <main id="main" className="mx-auto max-w-md p-6">
      <h1 className="text-3xl font-semibold">{t("titles.signIn")}</h1>
      <Form method="post" className="mt-6 flex flex-col gap-4">
        {params.get("reset") && !data && <Alert tone="info">{t("signIn.passwordChanged")}</Alert>}
        {data?.error && <Alert>{t(data.error.key, data.error.values)}</Alert>}
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <Field
          name="email"
          label={t("signIn.email")}
          type="email"
          autoComplete="username"
          required
          defaultValue={data?.email}
        />
        <Field name="password" label={t("signIn.password")} type="password" autoComplete="current-password" required />
        <Field
          name="totp"
          label={t("signIn.code")}
          hint={t("signIn.codeHint")}
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="\d{6}"
          maxLength={6}
          autoFocus={data?.needsCode}
        />
        <Button>{t("signIn.submit")}</Button>
      </Form>
      <p className="mt-6">
        <a className="underline" href="/forgot-password">
          {t("signIn.forgot")}
        </a>
      </p>
      <p className="mt-2">
        {t("signIn.new")}{" "}
        <a className="underline" href="/sign-up">
          {t("signIn.create")}
        </a>
      </p>
    </main>
  );
}
