import { useContext } from "react";
import type { i18n as I18n, TFunction } from "i18next";
import { I18nContext } from "react-i18next";
import { NAMESPACE } from "./config";

const translators = new WeakMap<I18n, TFunction>();

/**
 * The page's translate function and its i18next instance (from the I18nextProvider that
 * entry.server / entry.client put at the top). Used instead of react-i18next's
 * useTranslation, which copies the whole i18next instance and subscribes to it in every
 * component on every render (~5% of a page's server CPU). Nothing here ever switches an
 * instance's language (a switch is a new page with another instance), so one translate
 * function per instance serves every component and render.
 */
export function useTranslation(): { t: TFunction; i18n: I18n } {
  const i18n = useContext(I18nContext)?.i18n;
  if (!i18n) throw new Error("useTranslation needs an I18nextProvider above it");
  let t = translators.get(i18n);
  if (!t) {
    t = i18n.getFixedT(null, NAMESPACE);
    translators.set(i18n, t);
  }
  return { t, i18n };
}
