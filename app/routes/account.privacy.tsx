// A guest's own data: download all of it, or erase it.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { blankSessionCookie } from "~/auth/session.server";
import { requireWebPermission } from "~/auth/web.server";
import { eraseAccount } from "~/privacy/rights.server";
import { Button, Field } from "~/ui/form";
import { readForm } from "~/http/form.server";

export const meta: MetaFunction = () => [{ title: "Your data · Harbour Light Hotel" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireWebPermission(request, "privacy.self");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const { account } = await requireWebPermission(request, "privacy.self");
  const confirm = String((await readForm(request)).get("confirm") ?? "")
    .trim()
    .toLowerCase();
  if (confirm !== "erase") {
    return Response.json({ error: 'Type "erase" to confirm. Nothing was erased.' }, { status: 422 });
  }
  await eraseAccount(account.id, { id: `account:${account.id}`, channel: "online" });
  return redirect("/", { headers: { "Set-Cookie": blankSessionCookie() } });
}

export default function Privacy() {
  const data = useActionData<{ error?: string }>();
  return (
    <main id="main" className="mx-auto max-w-2xl p-6">
      <h1 className="text-3xl font-semibold">Your data</h1>
      <section aria-labelledby="download" className="mt-6">
        <h2 id="download" className="text-xl font-semibold">
          Download
        </h2>
        <p className="mt-2">
          Everything we hold about you — your account, guest details, bookings and identity checks — as one JSON file.
        </p>
        <a
          href="/api/v1/me/export"
          download
          className="mt-3 inline-block min-h-11 rounded border border-stone-500 bg-white px-5 py-2 font-medium"
        >
          Download my data
        </a>
      </section>
      <section aria-labelledby="erase" className="mt-10">
        <h2 id="erase" className="text-xl font-semibold">
          Erase
        </h2>
        <p className="mt-2">
          We destroy the key that protects your details, so they can never be read again, and close your account. Your
          past and upcoming bookings stay in the hotel&apos;s accounts without your name. This cannot be undone.
        </p>
        <Form method="post" className="mt-4 flex max-w-sm flex-col gap-4">
          <Field name="confirm" label='Type "erase" to confirm' autoComplete="off" required error={data?.error} />
          <Button variant="secondary">Erase my data</Button>
        </Form>
      </section>
    </main>
  );
}
