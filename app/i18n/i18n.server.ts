// Which language a request wants (the `lng` URL parameter, then the
// remembered cookie, then Accept-Language), and translators for the server.
import { createCookie } from "@remix-run/node";
import { RemixI18Next } from "remix-i18next/server";
import { FALLBACK_LANGUAGE, SUPPORTED_LANGUAGES, i18nConfig } from "./config";
import { resources } from "./resources.server";

export const languageCookie = createCookie("lng", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
});

export const i18n = new RemixI18Next({
  detection: {
    supportedLanguages: SUPPORTED_LANGUAGES,
    fallbackLanguage: FALLBACK_LANGUAGE,
    cookie: languageCookie,
    searchParamKey: "lng",
    order: ["searchParams", "cookie", "header"],
  },
  i18next: { ...i18nConfig, resources },
});

/** The language chosen in the URL, to remember in the cookie; undefined when none was chosen. */
export function chosenLanguage(request: Request): string | undefined {
  const lng = new URL(request.url).searchParams.get("lng");
  return lng && SUPPORTED_LANGUAGES.includes(lng) ? lng : undefined;
}
