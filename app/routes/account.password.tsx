// An account an admin created signs in with a temporary password, and must
// choose its own here before anything else. Changing it ends every session
// of the account (anyone else who knew the temporary one is out).
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { changeTemporaryPassword } from "~/auth/accounts.server";
import { passwordMessage } from "~/auth/password-policy.server";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "~/auth/password-rules";
import { blankSessionCookie, sessionCookie } from "~/auth/session.server";
import { firstPageOf, requireWebAuth } from "~/web/auth.server";
import { readForm } from "~/web/form.server";
import { pageTitle } from "~/web/page.server";
import { Button, Field } from "~/ui/form";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

type ActionData = { error: { key: string; values?: Record<string, unknown> } };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireWebAuth(request, { stage: "change_password" });
  return { title: await pageTitle(request, "titles.changePassword") };
}

export async function action({ request }: ActionFunctionArgs) {
  const auth = await requireWebAuth(request, { stage: "change_password" });
  const form = await readForm(request);
  const password = String(form.get("password") ?? "");
  if (password.length > MAX_PASSWORD_LENGTH) {
    return Response.json({ error: passwordMessage("too_long") } satisfies ActionData, { status: 422 });
  }
  const result = await changeTemporaryPassword(auth.account, password);
  if (!result.ok) {
    if (result.problem === "not_required") {
      throw redirect("/sign-in", { headers: { "Set-Cookie": blankSessionCookie() } });
    }
    const error = result.problem === "same_password" ? { key: "changePassword.same" } : passwordMessage(result.problem);
    return Response.json({ error } satisfies ActionData, { status: 422 });
  }
  return redirect(firstPageOf(result.stage, "/account"), { headers: { "Set-Cookie": sessionCookie(result.token) } });
}

export default function ChangePassword() {
  const { t } = useTranslation();
  const data = useActionData<ActionData>();
  return (
    <main id="main" className="mx-auto max-w-md p-6">
      <h1 className="text-3xl font-semibold">{t("titles.changePassword")}</h1>
      <p className="mt-4">{t("changePassword.intro")}</p>
      <Form method="post" className="mt-6 flex flex-col gap-4">
        <Field
          name="password"
          label={t("changePassword.password")}
          type="password"
          autoComplete="new-password"
          required
          hint={t("reset.hint", { min: MIN_PASSWORD_LENGTH })}
          error={data?.error ? t(data.error.key, data.error.values) : undefined}
        />
        <Button>{t("changePassword.submit")}</Button>
      </Form>
    </main>
  );
}
