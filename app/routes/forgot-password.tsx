// Ask for a password-reset link by email.
import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { z } from "zod";
import { requestPasswordReset } from "~/auth/password-reset.server";
import { clientIp, rateLimit, RateLimited } from "~/auth/throttle.server";
import { getEnv } from "~/env.server";
import { Alert, Button, Field } from "~/ui/form";
import { readForm } from "~/http/form.server";

export const meta: MetaFunction = () => [{ title: "Forgot your password? · Harbour Light Hotel" }];

export async function action({ request }: ActionFunctionArgs) {
  const email = z
    .email()
    .max(254)
    .safeParse(String((await readForm(request)).get("email") ?? "").trim());
  if (!email.success) return Response.json({ error: "Enter the email address of your account." }, { status: 422 });
  try {
    await rateLimit("password_reset", clientIp(request));
    await rateLimit("password_reset", `email:${email.data.toLowerCase()}`);
  } catch (error) {
    if (!(error instanceof RateLimited)) throw error;
    return Response.json(
      { error: `Too many requests. Please wait ${error.retryAfterSeconds} seconds.` },
      { status: 429, headers: { "Retry-After": String(error.retryAfterSeconds) } },
    );
  }
  await requestPasswordReset(email.data, getEnv().HOTEL_PUBLIC_URL ?? new URL(request.url).origin);
  return { sent: true };
}

export default function ForgotPassword() {
  const data = useActionData<{ sent?: boolean; error?: string }>();
  return (
    <main id="main" className="mx-auto max-w-md p-6">
      <h1 className="text-3xl font-semibold">Forgot your password?</h1>
      {data?.sent ? (
        <div className="mt-6">
          <Alert tone="info">
            If an account uses that address, we have sent it a link to choose a new password. It works for 30 minutes.
          </Alert>
        </div>
      ) : (
        <Form method="post" className="mt-6 flex flex-col gap-4">
          {data?.error && <Alert>{data.error}</Alert>}
          <Field name="email" label="Email" type="email" autoComplete="email" required />
          <Button>Send me a link</Button>
        </Form>
      )}
    </main>
  );
}
