import {
  data,
  type HeadersFunction,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import {
  Form,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { can } from "~/auth/permissions";
import { authenticate } from "~/auth/session.server";
import { refreshHeaders } from "~/auth/web.server";
import type { ReactNode } from "react";
import { useNonce } from "~/nonce";
import stylesheet from "~/tailwind.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Harbour Light Hotel" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await authenticate(request);
  // A sliding session: when lucia extends it, the browser's cookie is extended too.
  return data(
    {
      user: auth ? { displayName: auth.account.displayName || auth.account.email } : null,
      adminLinks: auth && auth.stage === "full" && can(auth.account.role, "staff.manage"),
    },
    { headers: refreshHeaders(auth) },
  );
}

export const headers: HeadersFunction = ({ loaderHeaders }) => {
  const cookie = loaderHeaders.get("Set-Cookie");
  return cookie ? { "Set-Cookie": cookie } : new Headers();
};

function SiteHeader() {
  const data = useRouteLoaderData<typeof loader>("root");
  return (
    <header className="border-b border-stone-200 bg-white">
      <nav aria-label="Site" className="mx-auto flex max-w-4xl items-center justify-between gap-4 px-6 py-3">
        <a href="/" className="font-semibold">
          Harbour Light Hotel
        </a>
        <div className="flex items-center gap-4">
          {data?.adminLinks && (
            <>
              <a href="/admin/staff" className="underline">
                Staff
              </a>
              <a href="/admin/outbox" className="underline">
                Outbox
              </a>
            </>
          )}
          {data?.user ? (
            <>
              <a href="/account" className="underline">
                {data.user.displayName}
              </a>
              <Form method="post" action="/sign-out">
                <button type="submit" className="min-h-6 underline">
                  Sign out
                </button>
              </Form>
            </>
          ) : (
            <a href="/sign-in" className="underline">
              Sign in
            </a>
          )}
        </div>
      </nav>
    </header>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  return (
    <html lang="en" dir="ltr">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="min-h-screen bg-stone-50 text-stone-900 antialiased">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:start-2 focus:top-2 focus:rounded focus:bg-white focus:p-2"
        >
          Skip to content
        </a>
        <SiteHeader />
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

const ERROR_TEXT: Record<number, [string, string]> = {
  400: ["That request could not be read", "Please go back, check what you entered and try again."],
  403: ["You may not see this page", "Your account does not have access to this page."],
  404: ["Page not found", "There is no page at this address."],
};

export function ErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const [title, text] = ERROR_TEXT[status] ?? ["Something went wrong", "Please try again in a moment."];
  return (
    <main id="main" className="mx-auto max-w-2xl p-6">
      <h1 className="text-2xl font-semibold">{title}</h1>
      <p className="mt-2">
        {text}{" "}
        <a className="underline" href="/">
          Go to the home page
        </a>
      </p>
    </main>
  );
}
