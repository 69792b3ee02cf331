// Choose a new password from an emailed link (single use, 30 minutes).
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { passwordMessage } from "~/auth/password-policy.server";
import { isResetTokenUsable, resetPassword } from "~/auth/password-reset.server";
import { MIN_PASSWORD_LENGTH } from "~/auth/password-rules";
import { readForm } from "~/web/form.server";
import { pageTitle } from "~/web/page.server";
import { Alert, Button, Field } from "~/ui/form";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

const validToken = (token: string | undefined): token is string =>
  typeof token === "string" && /^[\w-]{40,60}$/.test(token);

type ActionData = { error: { key: string; values?: Record<string, unknown> } };

export async function loader({ request, params }: LoaderFunctionArgs) {
  return {
    usable: validToken(params.token) && (await isResetTokenUsable(params.token)),
    title: await pageTitle(request, "titles.reset"),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const password = String((await readForm(request)).get("password") ?? "");
  if (!validToken(params.token))
    return Response.json({ error: { key: "reset.expired" } } satisfies ActionData, { status: 404 });
  const result = await resetPassword(params.token, password.slice(0, 1024));
  if (!result.ok) {
    if (result.problem === "link_invalid") {
      return Response.json({ error: { key: "reset.expired" } } satisfies ActionData, { status: 410 });
    }
    return Response.json({ error: passwordMessage(result.problem) } satisfies ActionData, { status: 422 });
  }
  return redirect("/sign-in?reset=1");
}

export default function ResetPassword() {
  const { t } = useTranslation();
  const { usable } = useLoaderData<typeof loader>();
  const data = useActionData<ActionData>();
  return (
    <main id="main" className="mx-auto max-w-md p-6">
      <h1 className="text-3xl font-semibold">{t("titles.reset")}</h1>
      {usable ? (
        <Form method="post" className="mt-6 flex flex-col gap-4">
          <Field
            name="password"
            label={t("reset.password")}
            type="password"
            autoComplete="new-password"
            required
            hint={t("reset.hint", { min: MIN_PASSWORD_LENGTH })}
            error={data?.error ? t(data.error.key, data.error.values) : undefined}
          />
          <Button>{t("reset.submit")}</Button>
        </Form>
      ) : (
        <div className="mt-6">
          <Alert>
            {t("reset.expired")}{" "}
            <a className="underline" href="/forgot-password">
              {t("reset.askAgain")}
            </a>
            .
          </Alert>
        </div>
      )}
    </main>
  );
}
