// Admins read the development mail outbox: every message the system "sent".
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireWebPermission } from "~/web/auth.server";
import { pageTitle } from "~/web/page.server";
import { readOutbox } from "~/mail/mail.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireWebPermission(request, "outbox:read");
  return { messages: await readOutbox(), title: await pageTitle(request, "titles.outbox") };
}

export default function Outbox() {
  const { t, i18n } = useTranslation();
  const { messages } = useLoaderData<typeof loader>();
  return (
    <main id="main" className="mx-auto max-w-3xl p-6">
      <h1 className="text-3xl font-semibold">{t("titles.outbox")}</h1>
      <p className="mt-2 text-stone-700">{t("outbox.intro")}</p>
      {messages.length === 0 ? (
        <p className="mt-6">{t("outbox.empty")}</p>
      ) : (
        <ol className="mt-6 flex flex-col gap-4">
          {messages.map((message) => (
            <li key={message.id} className="rounded-lg border border-stone-200 bg-white p-4">
              <h2 className="font-semibold">{message.subject}</h2>
              <p className="text-sm text-stone-700">
                {t("outbox.to", {
                  to: message.to,
                  sentAt: new Date(message.sentAt).toLocaleString(i18n.language, {
                    timeZone: "UTC",
                    timeZoneName: "short",
                  }),
                })}
              </p>
              <pre className="mt-3 whitespace-pre-wrap break-words font-sans">{message.body}</pre>
            </li>
          ))}
        </ol>
      )}
    </main>
  );
}
