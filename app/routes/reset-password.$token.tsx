// Choose a new password from an emailed link (single use, 30 minutes).
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { isResetTokenUsable, resetPassword } from "~/auth/password-reset.server";
import { PASSWORD_MESSAGES } from "~/auth/password-policy.server";
import { MIN_PASSWORD_LENGTH } from "~/auth/password-rules";
import { Alert, Button, Field } from "~/ui/form";
import { readForm } from "~/http/form.server";

export const meta: MetaFunction = () => [{ title: "Choose a new password · Harbour Light Hotel" }];

const validToken = (token: string | undefined): token is string =>
  typeof token === "string" && /^[\w-]{40,60}$/.test(token);

export async function loader({ params }: LoaderFunctionArgs) {
  return { usable: validToken(params.token) && (await isResetTokenUsable(params.token)) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const password = String((await readForm(request)).get("password") ?? "");
  if (!validToken(params.token)) return Response.json({ error: "This link is not valid." }, { status: 404 });
  const result = await resetPassword(params.token, password.slice(0, 1024));
  if (!result.ok) {
    const error =
      result.problem === "link_invalid"
        ? "This link has expired or was already used. Ask for a new one."
        : PASSWORD_MESSAGES[result.problem];
    return Response.json({ error }, { status: result.problem === "link_invalid" ? 410 : 422 });
  }
  return redirect("/sign-in?reset=1");
}

export default function ResetPassword() {
  const { usable } = useLoaderData<typeof loader>();
  const data = useActionData<{ error?: string }>();
  return (
    <main id="main" className="mx-auto max-w-md p-6">
      <h1 className="text-3xl font-semibold">Choose a new password</h1>
      {usable ? (
        <Form method="post" className="mt-6 flex flex-col gap-4">
          <Field
            name="password"
            label="New password"
            type="password"
            autoComplete="new-password"
            required
            hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
            error={data?.error}
          />
          <Button>Save the new password</Button>
        </Form>
      ) : (
        <div className="mt-6">
          <Alert>
            This link has expired or was already used.{" "}
            <a className="underline" href="/forgot-password">
              Ask for a new one
            </a>
            .
          </Alert>
        </div>
      )}
    </main>
  );
}
