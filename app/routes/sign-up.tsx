// Guests create their own account; staff accounts come from an admin.
import { redirect, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { z } from "zod";
import { signUpGuest } from "~/auth/accounts.server";
import { PASSWORD_MESSAGES } from "~/auth/password-policy.server";
import { MIN_PASSWORD_LENGTH } from "~/auth/password-rules";
import { createSession, sessionCookie } from "~/auth/session.server";
import { clientIp, rateLimit, RateLimited } from "~/auth/throttle.server";
import { Alert, Button, Field } from "~/ui/form";
import { readForm } from "~/http/form.server";

export const meta: MetaFunction = () => [{ title: "Create an account · Harbour Light Hotel" }];

const schema = z.object({
  displayName: z.string().trim().min(1, "Enter your name.").max(200, "Use at most 200 characters."),
  email: z.email("Enter an email address like name@example.com.").max(254),
  password: z.string().max(1024, "Use at most 256 characters."),
});

type Errors = Partial<Record<"displayName" | "email" | "password" | "form", string>>;

export async function action({ request }: ActionFunctionArgs) {
  const form = Object.fromEntries(await readForm(request));
  const values = { displayName: String(form.displayName ?? ""), email: String(form.email ?? "") };
  try {
    await rateLimit("sign_up", clientIp(request));
  } catch (error) {
    if (!(error instanceof RateLimited)) throw error;
    const errors: Errors = { form: `Too many sign-ups from here. Please wait ${error.retryAfterSeconds} seconds.` };
    return Response.json(
      { errors, values },
      { status: 429, headers: { "Retry-After": String(error.retryAfterSeconds) } },
    );
  }
  const parsed = schema.safeParse(form);
  if (!parsed.success) {
    const errors: Errors = {};
    for (const issue of parsed.error.issues) errors[issue.path[0] as keyof Errors] ??= issue.message;
    return Response.json({ errors, values }, { status: 422 });
  }
  const result = await signUpGuest(parsed.data);
  if (!result.ok) {
    const message =
      result.problem === "email_taken"
        ? "An account with this email already exists. Sign in instead."
        : PASSWORD_MESSAGES[result.problem];
    return Response.json({ errors: { [result.field]: message }, values }, { status: 422 });
  }
  const { token } = await createSession(result.accountId, { stage: "full", kind: "web" });
  return redirect("/account", { headers: { "Set-Cookie": sessionCookie(token) } });
}

export default function SignUp() {
  const data = useActionData<{ errors: Errors; values: Record<string, string> }>();
  const errors = data?.errors ?? {};
  return (
    <main id="main" className="mx-auto max-w-md p-6">
      <h1 className="text-3xl font-semibold">Create an account</h1>
      <Form method="post" className="mt-6 flex flex-col gap-4" noValidate>
        {errors.form && <Alert>{errors.form}</Alert>}
        <Field
          name="displayName"
          label="Your name"
          autoComplete="name"
          required
          defaultValue={data?.values.displayName}
          error={errors.displayName}
        />
        <Field
          name="email"
          label="Email"
          type="email"
          autoComplete="email"
          required
          defaultValue={data?.values.email}
          error={errors.email}
        />
        <Field
          name="password"
          label="Password"
          type="password"
          autoComplete="new-password"
          required
          hint={`At least ${MIN_PASSWORD_LENGTH} characters; a short phrase is easy to remember and hard to guess.`}
          error={errors.password}
        />
        <Button>Create account</Button>
      </Form>
    </main>
  );
}
