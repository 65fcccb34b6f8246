import i18next, { type i18n as I18n } from "i18next";
import en from "./locales/en/common.json";
import zhCN from "./locales/zh-CN/common.json";

export const supportedLanguages = ["zh-CN", "en"] as const;
export type Language = (typeof supportedLanguages)[number];
export const defaultLanguage: Language = "zh-CN";

export const resources = {
  "zh-CN": { common: zhCN },
  en: { common: en },
} as const;

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (supportedLanguages as readonly string[]).includes(value);
}

/** A synchronous, per-request (server) or per-page (browser) i18next instance. */
export function createI18n(language: Language): I18n {
  const instance = i18next.createInstance();
  void instance.init({
    lng: language,
    fallbackLng: false,
    supportedLngs: [...supportedLanguages],
    defaultNS: "common",
    ns: ["common"],
    resources,
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return instance;
}
