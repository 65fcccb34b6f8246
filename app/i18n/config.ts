import { DEFAULT_LOCALE, isLocale, type Locale } from "~/domain/accounts/locales";
import { HANDLE_MAX, HANDLE_MIN } from "~/domain/accounts/handle";
import { PASSPHRASE_MAX, PASSPHRASE_MIN } from "~/domain/accounts/passphrase";
import { STAFF_CARD_MAX_LENGTH } from "~/domain/accounts/staff-card";
import { createTranslator, type Messages, type Translator } from "./translator";

/** A language the portal speaks: the domain's locales (domain/accounts/locales.ts). */
export type Language = Locale;
export const defaultLanguage: Language = DEFAULT_LOCALE;

export const isLanguage = isLocale;

export type { Messages } from "./translator";

/** The element of a page's HTML that carries its words (i18n/page-words.server.ts). */
export const PAGE_WORDS_ELEMENT_ID = "page-words";

/** A page's translator: its language and translate function. */
export type I18n = Translator<Language>;

/**
 * Limits any message may name, from the rules themselves, so that a message such as "at most
 * {{handleMax}} characters" says the number wherever it is shown, without each caller passing it.
 */
export const MESSAGE_LIMITS = {
  handleMin: HANDLE_MIN,
  handleMax: HANDLE_MAX,
  passphraseMin: PASSPHRASE_MIN,
  passphraseMax: PASSPHRASE_MAX,
  staffNameMax: STAFF_CARD_MAX_LENGTH.displayName,
  staffOrganisationMax: STAFF_CARD_MAX_LENGTH.organisation,
};

/** A translator over one language's messages, with the limits every message may name. */
export function createI18n(language: Language, messages: Messages): I18n {
  return createTranslator(language, messages, MESSAGE_LIMITS);
}

const translators = new Map<Language, I18n>();

/**
 * Makes a language's messages the ones i18nFor answers with: on the server every language at
 * start (i18n/all-messages.ts), in the browser the page's own language only (entry.client),
 * since the other languages' strings would only weigh on a cheap phone (decision 020).
 */
export function provideMessages(language: Language, messages: Messages): I18n {
  return provideI18n(createI18n(language, messages));
}

/** Makes this translator the one i18nFor answers with for its language. */
export function provideI18n(i18n: I18n): I18n {
  translators.set(i18n.language, i18n);
  return i18n;
}

/**
 * The translator of a language, made once and shared by every render and page title:
 * translating only reads. In the browser only the page's language is there, and a language
 * switch reloads the page; anything else asked for there gets the page's language.
 */
export function i18nFor(language: Language): I18n {
  const i18n = translators.get(language) ?? translators.values().next().value;
  if (!i18n) throw new Error("i18nFor: no messages provided yet");
  return i18n;
}
