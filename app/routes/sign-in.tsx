// Sign in with email and password, plus the one-time code for staff.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { attemptSignIn, authenticate, sessionCookie } from "~/auth/session.server";
import { clientIp, RateLimited } from "~/auth/throttle.server";
import { safeRedirect } from "~/auth/web.server";
import { Alert, Button, Field } from "~/ui/form";
import { readForm } from "~/http/form.server";

export const meta: MetaFunction = () => [{ title: "Sign in · Harbour Light Hotel" }];

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

export async function loader({ request }: LoaderFunctionArgs) {
  if (await authenticate(request)) throw redirect("/account");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const parsed = schema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) {
    return Response.json(
      { error: "Enter your email and password (and a 6-digit code, if you are staff)." },
      { status: 422 },
    );
  }
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
      const error = {
        invalid_credentials: "That email and password do not match an account.",
        totp_required: "Enter the 6-digit code from your authenticator app.",
        totp_invalid: "That code is not right. Use the current code from your authenticator app.",
      }[result.reason];
      return Response.json({ error, email, needsCode: result.reason !== "invalid_credentials" }, { status: 401 });
    }
    const to = result.stage === "enrol_totp" ? "/account/two-factor" : safeRedirect(redirectTo, "/account");
    return redirect(to, { headers: { "Set-Cookie": sessionCookie(result.token) } });
  } catch (error) {
    if (!(error instanceof RateLimited)) throw error;
    return Response.json(
      { error: `Too many attempts. Please wait ${error.retryAfterSeconds} seconds and try again.`, email },
      { status: 429, headers: { "Retry-After": String(error.retryAfterSeconds) } },
    );
  }
}

export default function SignIn() {
  const data = useActionData<{ error?: string; email?: string; needsCode?: boolean }>();
  const [params] = useSearchParams();
  return (
    <main id="main" className="mx-auto max-w-md p-6">
      <h1 className="text-3xl font-semibold">Sign in</h1>
      <Form method="post" className="mt-6 flex flex-col gap-4">
        {params.get("reset") && !data && (
          <Alert tone="info">Your password was changed. Sign in with the new one.</Alert>
        )}
        {data?.error && <Alert>{data.error}</Alert>}
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <Field name="email" label="Email" type="email" autoComplete="username" required defaultValue={data?.email} />
        <Field name="password" label="Password" type="password" autoComplete="current-password" required />
        <Field
          name="totp"
          label="One-time code (staff)"
          hint="Staff: the 6-digit code from your authenticator app. Guests leave this empty."
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="\d{6}"
          maxLength={6}
          autoFocus={data?.needsCode}
        />
        <Button>Sign in</Button>
      </Form>
      <p className="mt-6">
        <a className="underline" href="/forgot-password">
          Forgot your password?
        </a>
      </p>
      <p className="mt-2">
        New here?{" "}
        <a className="underline" href="/sign-up">
          Create an account
        </a>
      </p>
    </main>
  );
}
