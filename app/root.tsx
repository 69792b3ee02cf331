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
  useLocation,
  useRouteError,
  useRouteLoaderData,
  type ShouldRevalidateFunction,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useChangeLanguage } from "remix-i18next/react";
import { can } from "~/auth/permissions";
import { authenticate } from "~/auth/session.server";
import { refreshHeaders } from "~/web/auth.server";
import { FALLBACK_LANGUAGE, LANGUAGES } from "~/i18n/config";
import { chosenLanguage, i18n, languageCookie } from "~/i18n/i18n.server";
import { useNonce } from "~/http/nonce";
import { useFocusAfterNavigation } from "~/ui/focus";
import stylesheet from "~/tailwind.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Harbour Light Hotel" }];

export const handle = { i18n: "common" };

export async function loader({ request }: LoaderFunctionArgs) {
  const [auth, locale] = await Promise.all([authenticate(request), i18n.getLocale(request)]);
  const headers = new Headers(refreshHeaders(auth));
  // A language picked in the URL (or the switcher) is remembered.
  const chosen = chosenLanguage(request);
  if (chosen) headers.append("Set-Cookie", await languageCookie.serialize(chosen));
  return data(
    {
      locale,
      user: auth ? { displayName: auth.account.displayName || auth.account.email } : null,
      adminLinks: auth && auth.stage === "full" && can(auth.account.role, "staff:manage"),
      deskLink: auth && auth.stage === "full" && can(auth.account.role, "desk:operate"),
      boardLink: auth && auth.stage === "full" && can(auth.account.role, "board:read"),
      auditLink: auth && auth.stage === "full" && can(auth.account.role, "audit:read"),
      manageLink: auth && auth.stage === "full" && can(auth.account.role, "property:manage"),
    },
    { headers },
  );
}

/**
 * The header's data (who is signed in, the language) changes with the session
 * and the language only: not when the same page changes its search (a stay
 * opened on the desk), and not while the browser is offline or after a change
 * kept in the desk's outbox — the desk keeps working with no network.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({
  currentUrl,
  nextUrl,
  formMethod,
  actionResult,
  defaultShouldRevalidate,
}) => {
  if (typeof navigator !== "undefined" && !navigator.onLine) return false;
  if (actionResult && typeof actionResult === "object" && "queued" in actionResult) return false;
  const samePage =
    currentUrl.pathname === nextUrl.pathname && currentUrl.searchParams.get("lng") === nextUrl.searchParams.get("lng");
  if (!formMethod && samePage) return false;
  return defaultShouldRevalidate;
};

export const headers: HeadersFunction = ({ loaderHeaders }) => {
  const headers = new Headers();
  for (const cookie of loaderHeaders.getSetCookie()) headers.append("Set-Cookie", cookie);
  return headers;
};

function LanguageSwitcher({ locale }: { locale: string }) {
  const { t } = useTranslation();
  const location = useLocation();
  return (
    <Form method="get" action={location.pathname} className="flex items-center gap-2">
      <label htmlFor="language" className="sr-only">
        {t("nav.language")}
      </label>
      <select
        id="language"
        name="lng"
        defaultValue={locale}
        className="min-h-8 rounded border border-stone-400 bg-white px-1"
      >
        {LANGUAGES.map((language) => (
          <option key={language.code} value={language.code} lang={language.code}>
            {language.name}
          </option>
        ))}
      </select>
      <button type="submit" className="min-h-8 rounded border border-stone-400 px-2">
        {t("nav.changeLanguage")}
      </button>
    </Form>
  );
}

function SiteHeader() {
  const { t, i18n } = useTranslation();
  const data = useRouteLoaderData<typeof loader>("root");
  return (
    <header className="border-b border-stone-200 bg-white">
      <nav
        aria-label={t("nav.label")}
        className="mx-auto flex max-w-4xl flex-wrap items-center justify-between gap-4 px-6 py-3"
      >
        <a href="/" className="font-semibold">
          {t("hotel.name")}
        </a>
        <div className="flex flex-wrap items-center gap-4">
          {data?.deskLink && (
            <a href="/desk" className="underline">
              {t("nav.desk")}
            </a>
          )}
          {data?.boardLink && (
            <a href="/board" className="underline">
              {t("nav.board")}
            </a>
          )}
          {data?.manageLink && (
            <a href="/manage-property" className="underline">
              {t("nav.manageProperty")}
            </a>
          )}
          {data?.auditLink && (
            <a href="/audit" className="underline">
              {t("nav.audit")}
            </a>
          )}
          {data?.adminLinks && (
            <>
              <a href="/admin/staff" className="underline">
                {t("nav.staff")}
              </a>
              <a href="/admin/guests" className="underline">
                {t("nav.guests")}
              </a>
              <a href="/admin/outbox" className="underline">
                {t("nav.outbox")}
              </a>
            </>
          )}
          {data?.user ? (
            <>
              <a href="/bookings" className="underline">
                {t("nav.bookings")}
              </a>
              <a href="/account" className="underline">
                {data.user.displayName}
              </a>
              <Form method="post" action="/sign-out">
                <button type="submit" className="min-h-6 underline">
                  {t("nav.signOut")}
                </button>
              </Form>
            </>
          ) : (
            <a href="/sign-in" className="underline">
              {t("nav.signIn")}
            </a>
          )}
          <LanguageSwitcher locale={data?.locale ?? i18n.language ?? FALLBACK_LANGUAGE} />
        </div>
      </nav>
    </header>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const data = useRouteLoaderData<typeof loader>("root");
  const { t, i18n: translator } = useTranslation();
  // On a 404 no loader ran: the language the request was rendered in still holds.
  const locale = data?.locale ?? translator.language ?? FALLBACK_LANGUAGE;
  useChangeLanguage(locale);
  return (
    <html lang={locale} dir={translator.dir(locale)}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {/* react-aria reads the nonce for the style it injects from here. */}
        <meta name="csp-nonce" nonce={nonce} />
        <Meta />
        <Links />
      </head>
      <body className="min-h-screen bg-stone-50 text-stone-900 antialiased">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:start-2 focus:top-2 focus:rounded focus:bg-white focus:p-2"
        >
          {t("nav.skip")}
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
  useFocusAfterNavigation();
  return <Outlet />;
}

const ERROR_TEXT: Record<number, { title: string; text: string }> = {
  400: { title: "errors.page400.title", text: "errors.page400.text" },
  403: { title: "errors.page403.title", text: "errors.page403.text" },
  404: { title: "errors.page404.title", text: "errors.page404.text" },
  500: { title: "errors.page500.title", text: "errors.page500.text" },
};

export function ErrorBoundary() {
  const { t } = useTranslation();
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const text = ERROR_TEXT[status] ?? ERROR_TEXT[500];
  return (
    <main id="main" className="mx-auto max-w-2xl p-6">
      <h1 className="text-2xl font-semibold">{t(text.title)}</h1>
      <p className="mt-2">
        {t(text.text)}{" "}
        <a className="underline" href="/">
          {t("errors.home")}
        </a>
      </p>
    </main>
  );
}
