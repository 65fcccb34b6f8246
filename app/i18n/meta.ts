import type { MetaDescriptor } from "@remix-run/node";
import { defaultLanguage, i18nFor, isLanguage } from "./config";

/** The one form of a page's title, discreet: "<page> · 同行" (also for a title a page sets itself). */
export function titleText(t: (key: string) => string, key: string): string {
  return `${t(key)} · ${t("app.name")}`;
}

/** A discreet, translated page title: "<page> · 同行". */
export function pageTitle(matches: ReadonlyArray<{ id: string; data?: unknown }>, key: string): MetaDescriptor[] {
  const root = matches.find((match) => match.id === "root")?.data as { lang?: unknown } | undefined;
  const { t } = i18nFor(isLanguage(root?.lang) ? root.lang : defaultLanguage);
  // In the browser, before the language has come after the page's own words (decision 018),
  // a title it cannot say yet stays as it is: the server's, when the page hydrates.
  if (t(key) === "" && typeof document !== "undefined") return [{ title: document.title }];
  return [{ title: titleText(t, key) }];
}
