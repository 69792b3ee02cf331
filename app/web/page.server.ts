// Per-page server helpers for translated documents.
import { requestTranslator } from "~/i18n/translate.server";

/** The document title of a page ("Sign in · Harbour Light Hotel"), in the request's language. */
export async function pageTitle(request: Request, titleKey: string): Promise<string> {
  const { t } = await requestTranslator(request);
  return t("titles.page", { page: t(titleKey) });
}
