import { useContext } from "react";
import type { i18n as I18n, TFunction } from "i18next";
import { I18nContext } from "react-i18next";
import { NAMESPACE } from "./config";

const translators = new WeakMap<I18n, TFunction>();
/** More keys than the locale files hold means keys are being made up; stop remembering. */
const MAX_REMEMBERED = 5000;

/**
 * A translate function for one instance that remembers what a plain key (a string, no
 * options) translates to. Such a call always gives the same text: the resources are built
 * into the bundle (config.ts) and an instance never changes language. i18next's own lookup
 * (key splitting, fallbacks, post-processing) was ~7% of a page's server CPU.
 */
function rememberingTranslator(i18n: I18n): TFunction {
  const translate = i18n.getFixedT(null, NAMESPACE);
  const plain = new Map<string, string>();
  const remembering = (...args: Parameters<TFunction>): string => {
    const key = args[0];
    if (args.length !== 1 || typeof key !== "string") return translate(...args) as string;
    let text = plain.get(key);
    if (text === undefined) {
      text = translate(key);
      if (plain.size < MAX_REMEMBERED) plain.set(key, text);
    }
    return text;
  };
  return Object.assign(remembering, translate) as unknown as TFunction;
}

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
    t = rememberingTranslator(i18n);
    translators.set(i18n, t);
  }
  return { t, i18n };
}
