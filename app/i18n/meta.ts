import type { MetaDescriptor } from "@remix-run/node";
import { defaultLanguage, i18nFor, isLanguage } from "./config";

/** A discreet, translated page title: "<page> · 同行". */
export function pageTitle(matches: ReadonlyArray<{ id: string; data?: unknown }>, key: string): MetaDescriptor[] {
  const root = matches.find((match) => match.id === "root")?.data as { lang?: unknown } | undefined;
  const { t } = i18nFor(isLanguage(root?.lang) ? root.lang : defaultLanguage);
  return [{ title: `${t(key)} · ${t("app.name")}` }];
}
