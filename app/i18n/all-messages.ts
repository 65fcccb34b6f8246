/**
 * Every language's messages, for the server (entry.server imports this first) and tests. The
 * browser loads only its page's language (i18n/messages/*.ts, decision 020).
 */
import { assembleLocales, byPathBelowLocales } from "./assemble-locales";
import { i18nFor, provideMessages } from "./config";
import { LOCALES } from "~/domain/accounts/locales";

/** Every locale file by its path below locales/, e.g. "en/identity.json", "zh-CN/errors/share.json". */
export const localeFiles = byPathBelowLocales(import.meta.glob("./locales/**/*.json", { eager: true, import: "default" }));

export const messages = assembleLocales(localeFiles);

for (const language of LOCALES) provideMessages(language, messages[language]);

export { i18nFor };
