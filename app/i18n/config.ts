// Languages of the site and the i18next settings shared by server and browser.
export const LANGUAGES = [
  { code: "en", name: "English" },
  { code: "es", name: "Español" },
  { code: "fr", name: "Français" },
  { code: "de", name: "Deutsch" },
  { code: "ar", name: "العربية" },
] as const;

export type Language = (typeof LANGUAGES)[number]["code"];
export const SUPPORTED_LANGUAGES: string[] = LANGUAGES.map((language) => language.code);
export const FALLBACK_LANGUAGE = "en";

export const i18nConfig = {
  supportedLngs: SUPPORTED_LANGUAGES,
  fallbackLng: FALLBACK_LANGUAGE,
  defaultNS: "common",
  ns: ["common"],
  // Everything a page needs is loaded before it renders; no suspense flicker.
  react: { useSuspense: false },
  interpolation: { escapeValue: false },
};
