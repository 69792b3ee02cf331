// Every language's strings, bundled into the server (the browser fetches
// them from /locales instead).
import ar from "../../public/locales/ar/common.json";
import de from "../../public/locales/de/common.json";
import en from "../../public/locales/en/common.json";
import es from "../../public/locales/es/common.json";
import fr from "../../public/locales/fr/common.json";

export const resources = {
  en: { common: en },
  es: { common: es },
  fr: { common: fr },
  de: { common: de },
  ar: { common: ar },
};
