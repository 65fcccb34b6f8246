import { defaultLanguage, isLanguage, type Language, type Messages } from "./config";

/** Each language's messages as a chunk of its own; a page loads its language's only (decision 020). */
const LOADERS: Record<Language, () => Promise<{ default: Messages }>> = {
  en: () => import("./messages/en"),
  "zh-CN": () => import("./messages/zh-CN"),
};

export async function loadMessages(language: Language): Promise<Messages> {
  return (await LOADERS[language]()).default;
}

/**
 * Resolves once the page's whole language has come (or could not come): a download that can
 * wait (libsodium's large chunk after a sign-in) waits for it, as on a slow link the two share
 * the line and the words of the page just opened are what the member needs first. The language
 * is fetched once; this only waits for it.
 */
export function afterPageLanguage(): Promise<void> {
  if (typeof document === "undefined") return Promise.resolve(); // no page (the use cases' tests run in Node): nothing to wait for
  return loadMessages(documentLanguage()).then(
    () => undefined,
    () => undefined,
  );
}

/** The language the server rendered the page in (its <html lang>). */
export function documentLanguage(): Language {
  const lang = document.documentElement.lang;
  return isLanguage(lang) ? lang : defaultLanguage;
}
