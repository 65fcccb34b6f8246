import { createContext, createElement, useContext, type ReactNode } from "react";
import type { I18n } from "./config";
import type { TFunction } from "./translator";

const I18nContext = createContext<I18n | null>(null);

/** Puts the page's translator at the top of the tree (entry.server, entry.client, tests). */
export function I18nProvider({ i18n, children }: { i18n: I18n; children: ReactNode }) {
  return createElement(I18nContext.Provider, { value: i18n }, children);
}

/** The page's translate function and its translator (for the language, e.g. to format dates). */
export function useTranslation(): { t: TFunction; i18n: I18n } {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error("useTranslation needs an I18nProvider above it");
  return { t: i18n.t, i18n };
}
