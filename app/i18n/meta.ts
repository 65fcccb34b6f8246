import type { MetaDescriptor } from "@remix-run/node";
import { createI18n, defaultLanguage, isLanguage, type Language } from "./config";

const instances = new Map<Language, ReturnType<typeof createI18n>>();

function translatorFor(language: Language) {
  let instance = instances.get(language);
  if (!instance) {
    instance = createI18n(language);
    instances.set(language, instance);
  }
  return instance.t;
}

/** A discreet, translated page title: "<page> · 同行". */
export function pageTitle(matches: ReadonlyArray<{ id: string; data?: unknown }>, key: string): MetaDescriptor[] {
  const root = matches.find((match) => match.id === "root")?.data as { lang?: unknown } | undefined;
  const t = translatorFor(isLanguage(root?.lang) ? root.lang : defaultLanguage);
  return [{ title: `${t(key)} · ${t("app.name")}` }];
}
