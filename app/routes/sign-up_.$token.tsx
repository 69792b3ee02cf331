// Finish signing up from the emailed link: one button that creates the
// account and signs in, then back to where the guest was (the stay they were
// booking). A button rather than the link itself, so that mail scanners that
// open links create nothing.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { createSession, sessionCookie } from "~/auth/session.server";
import { finishSignUp, readSignUpLink, SIGN_UP_LINK_HOURS } from "~/auth/sign-up.server";
import { readForm } from "~/web/form.server";
import { pageTitle } from "~/web/page.server";
import { Alert, Button } from "~/ui/form";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

type ActionData = { problem: "link_invalid" | "link_used" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const pending = readSignUpLink(params.token ?? "");
  return { title: await pageTitle(request, "titles.signUpFinish"), email: pending?.email ?? null };
}

export async function action({ request, params }: ActionFunctionArgs) {
  await readForm(request);
  const result = await finishSignUp(params.token ?? "");
  if (!result.ok) {
    return Response.json({ problem: result.problem } satisfies ActionData, {
      status: result.problem === "link_used" ? 409 : 410,
    });
  }
  const { token } = await createSession(result.accountId, { stage: "full", kind: "web" });
  return redirect(result.redirectTo, { headers: { "Set-Cookie": sessionCookie(token) } });
}

export default function FinishSignUp() {
  const { t } = useTranslation();
  const { email } = useLoaderData<typeof loader>();
  const data = useActionData<ActionData>();
  const problem = data?.problem ?? (email ? null : "link_invalid");
  return (
    <main id="main" className="mx-auto max-w-md p-6">
      <h1 className="text-3xl font-semibold">{t("titles.signUpFinish")}</h1>
      {problem === "link_used" ? (
        <div className="mt-6">
          <Alert>
            {t("signUp.linkUsed")}{" "}
            <a className="underline" href="/sign-in">
              {t("titles.signIn")}
            </a>
          </Alert>
        </div>
      ) : problem ? (
        <div className="mt-6">
          <Alert>
            {t("signUp.linkInvalid", { hours: SIGN_UP_LINK_HOURS })}{" "}
            <a className="underline" href="/sign-up">
              {t("signUp.again")}
            </a>
          </Alert>
        </div>
      ) : (
        <Form method="post" className="mt-6 flex flex-col gap-4">
          <p>{t("signUp.finishQuestion", { email })}</p>
          <Button>{t("signUp.finishSubmit")}</Button>
        </Form>
      )}
    </main>
  );
}
