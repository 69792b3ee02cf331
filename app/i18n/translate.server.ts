// Translation outside React: API errors and server messages in the language
// of the request (its `lng` parameter, cookie, then Accept-Language).
import { AsyncLocalStorage } from "node:async_hooks";
import i18next, { type TFunction } from "i18next";
import { FALLBACK_LANGUAGE, i18nConfig } from "./config";
import { i18n } from "./i18n.server";
import { resources } from "./resources.server";

const instance = i18next.createInstance();
void instance.init({ ...i18nConfig, resources, lng: FALLBACK_LANGUAGE, initImmediate: false });

export type Translator = { t: TFunction; language: string };

const current = new AsyncLocalStorage<Translator>();

export function translatorFor(language: string): Translator {
  return { t: instance.getFixedT(language), language };
}

export async function requestTranslator(request: Request): Promise<Translator> {
  return translatorFor(await i18n.getLocale(request));
}

/** Runs `fn` with the request's language as the one `translate` uses. */
export async function withRequestLanguage<T>(request: Request, fn: () => Promise<T>): Promise<T> {
  return current.run(await requestTranslator(request), fn);
}

/** The current request's translator (English outside a request). */
export function currentTranslator(): Translator {
  return current.getStore() ?? translatorFor(FALLBACK_LANGUAGE);
}
