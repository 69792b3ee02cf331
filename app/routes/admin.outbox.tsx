// Admins read the development mail outbox: every message the system "sent".
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireWebPermission } from "~/auth/web.server";
import { readOutbox } from "~/mail/mail.server";

export const meta: MetaFunction = () => [{ title: "Mail outbox · Harbour Light Hotel" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireWebPermission(request, "outbox.read");
  return { messages: await readOutbox() };
}

export default function Outbox() {
  const { messages } = useLoaderData<typeof loader>();
  return (
    <main id="main" className="mx-auto max-w-3xl p-6">
      <h1 className="text-3xl font-semibold">Mail outbox</h1>
      <p className="mt-2 text-stone-700">
        Messages the system sent, newest first. In development, nothing leaves this page.
      </p>
      {messages.length === 0 ? (
        <p className="mt-6">No messages yet.</p>
      ) : (
        <ol className="mt-6 flex flex-col gap-4">
          {messages.map((message) => (
            <li key={message.id} className="rounded-lg border border-stone-200 bg-white p-4">
              <h2 className="font-semibold">{message.subject}</h2>
              <p className="text-sm text-stone-700">
                To {message.to} · {new Date(message.sentAt).toLocaleString("en-GB", { timeZone: "UTC" })} UTC
              </p>
              <pre className="mt-3 whitespace-pre-wrap break-words font-sans">{message.body}</pre>
            </li>
          ))}
        </ol>
      )}
    </main>
  );
}
