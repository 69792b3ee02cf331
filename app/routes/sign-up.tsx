// Guests create their own account; staff accounts come from an admin. The
// answer is the same whether or not the address has an account: "we have sent
// you an email" (decision record 015, app/auth/sign-up.server.ts).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { passwordMessage } from "~/auth/password-policy.server";
import { MIN_PASSWORD_LENGTH } from "~/auth/password-rules";
import { requestSignUp, SIGN_UP_LINK_HOURS } from "~/auth/sign-up.server";
import { clientIp, rateLimit, RateLimited } from "~/auth/throttle.server";
import { readForm } from "~/web/form.server";
import { pageTitle } from "~/web/page.server";
import { requestTranslator } from "~/i18n/translate.server";
import { Alert, Button, Field } from "~/ui/form";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

const schema = z.object({
  displayName: z.string().trim().min(1, "signUp.nameRequired").max(200),
  email: z.email("validation.email").max(254),
  password: z.string().max(1024),
});

type Message = { key: string; values?: Record<string, unknown> };
type Errors = Partial<Record<"displayName" | "email" | "password" | "form", Message>>;

export async function loader({ request }: LoaderFunctionArgs) {
  return { title: await pageTitle(request, "titles.signUp") };
}

export async function action({ request }: ActionFunctionArgs) {
  const form = Object.fromEntries(await readForm(request));
  const values = {
    displayName: String(form.displayName ?? ""),
    email: String(form.email ?? ""),
    redirectTo: String(form.redirectTo ?? ""),
  };
  try {
    await rateLimit("sign_up", clientIp(request));
  } catch (error) {
    if (!(error instanceof RateLimited)) throw error;
    const errors: Errors = { form: { key: "limits.wait", values: { count: error.retryAfterSeconds } } };
    return Response.json(
      { errors, values },
      { status: 429, headers: { "Retry-After": String(error.retryAfterSeconds) } },
    );
  }
  const parsed = schema.safeParse(form);
  if (!parsed.success) {
    const errors: Errors = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as keyof Errors;
      errors[field] ??= issue.message.includes(".")
        ? { key: issue.message }
        : { key: "validation.tooBig", values: { max: 200 } };
    }
    return Response.json({ errors, values }, { status: 422 });
  }
  // The email goes out in the language the person signed up in.
  const result = await requestSignUp(
    { ...parsed.data, redirectTo: values.redirectTo },
    await requestTranslator(request),
  );
  if (!result.ok) {
    return Response.json({ errors: { [result.field]: passwordMessage(result.problem) }, values }, { status: 422 });
  }
  // The same answer for a new address and one that has an account.
  return { sent: { email: parsed.data.email.trim() } };
}

type ActionData = { errors?: Errors; values?: Record<string, string>; sent?: { email: string } };

export default function SignUp() {
  const { t } = useTranslation();
  const data = useActionData<ActionData>();
  const errors = data?.errors ?? {};
  const [params] = useSearchParams();
  const message = (found?: Message) => (found ? t(found.key, found.values) : undefined);
  return (
    <main id="main" className="mx-auto max-w-md p-6">
      <h1 className="text-3xl font-semibold">{t("titles.signUp")}</h1>
      {data?.sent ? (
        <div className="mt-6">
          <Alert tone="info">{t("signUp.checkEmail", { email: data.sent.email, hours: SIGN_UP_LINK_HOURS })}</Alert>
        </div>
      ) : (
        <Form method="post" className="mt-6 flex flex-col gap-4" noValidate>
          {errors.form && <Alert>{message(errors.form)}</Alert>}
          <input type="hidden" name="redirectTo" value={data?.values?.redirectTo ?? params.get("redirectTo") ?? ""} />
          <Field
            name="displayName"
            label={t("signUp.name")}
            autoComplete="name"
            required
            defaultValue={data?.values?.displayName}
            error={message(errors.displayName)}
          />
          <Field
            name="email"
            label={t("signUp.email")}
            type="email"
            autoComplete="email"
            required
            defaultValue={data?.values?.email}
            error={message(errors.email)}
          />
          <Field
            name="password"
            label={t("signUp.password")}
            type="password"
            autoComplete="new-password"
            required
            hint={t("password.hint", { min: MIN_PASSWORD_LENGTH })}
            error={message(errors.password)}
          />
          <Button>{t("signUp.submit")}</Button>
        </Form>
      )}
    </main>
  );
}
