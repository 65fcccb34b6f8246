import { DEFAULT_LOCALE, isLocale, LOCALES, type Locale } from "~/domain/accounts/locales";
import i18next, { type i18n as I18n } from "i18next";
import en from "./locales/en/common.json";
import zhCN from "./locales/zh-CN/common.json";

/** A language the portal speaks: the domain's locales (domain/accounts/locales.ts). */
export type Language = Locale;
export const defaultLanguage: Language = DEFAULT_LOCALE;

export const resources = {
  "zh-CN": { common: zhCN },
  en: { common: en },
} as const;

export const isLanguage = isLocale;

/** A synchronous, per-request (server) or per-page (browser) i18next instance. */
export function createI18n(language: Language): I18n {
  const instance = i18next.createInstance();
  void instance.init({
    lng: language,
    fallbackLng: false,
    supportedLngs: [...LOCALES],
    defaultNS: "common",
    ns: ["common"],
    resources,
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return instance;
}
