// The signed-in person's account: who they are and their sessions.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { refreshHeaders, requireWebAuth } from "~/auth/web.server";
import { Button } from "~/ui/form";

export const meta: MetaFunction = () => [{ title: "Your account · Harbour Light Hotel" }];

const ROLE_NAMES: Record<string, string> = {
  guest: "Guest",
  front_desk: "Front desk",
  manager: "Manager",
  auditor: "Auditor",
  admin: "Administrator",
};

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requireWebAuth(request);
  const { account } = auth;
  return Response.json(
    {
      displayName: account.displayName,
      email: account.email,
      role: ROLE_NAMES[account.role],
      staff: account.role !== "guest",
      totpEnrolled: account.totpEnrolled,
    },
    { headers: refreshHeaders(auth) },
  );
}

export default function Account() {
  const account = useLoaderData<typeof loader>();
  return (
    <main id="main" className="mx-auto max-w-2xl p-6">
      <h1 className="text-3xl font-semibold">Your account</h1>
      <dl className="mt-6 grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2">
        <dt className="font-medium">Name</dt>
        <dd>{account.displayName || "—"}</dd>
        <dt className="font-medium">Email</dt>
        <dd>{account.email}</dd>
        <dt className="font-medium">Role</dt>
        <dd>{account.role}</dd>
        {account.staff && (
          <>
            <dt className="font-medium">Second factor</dt>
            <dd>{account.totpEnrolled ? "Authenticator app enrolled" : "Not enrolled"}</dd>
          </>
        )}
      </dl>
      {!account.staff && (
        <p className="mt-6">
          <a className="underline" href="/account/privacy">
            Download or erase your data
          </a>
        </p>
      )}
      <section aria-labelledby="sessions-heading" className="mt-8">
        <h2 id="sessions-heading" className="text-xl font-semibold">
          Sessions
        </h2>
        <div className="mt-4 flex flex-wrap gap-3">
          <Form method="post" action="/sign-out">
            <Button variant="secondary">Sign out</Button>
          </Form>
          <Form method="post" action="/sign-out">
            <input type="hidden" name="scope" value="everywhere" />
            <Button variant="secondary">Sign out everywhere</Button>
          </Form>
        </div>
      </section>
    </main>
  );
}
