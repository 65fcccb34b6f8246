import { DEFAULT_LOCALE, isLocale, LOCALES, type Locale } from "~/domain/accounts/locales";
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
 * Locale files as Vite's import.meta.glob gives them ("./locales/en/identity.json",
 * "../locales/en/identity.json") by their path below locales/ ("en/identity.json").
 */
export function byPathBelowLocales(files: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(files).map(([file, content]) => [file.replace(/^(\.\.?\/)+locales\//, ""), content]));
}

/** A file or folder name is one key segment: no dots, so a key names exactly one file. */
const SEGMENT = /^[A-Za-z][A-Za-z0-9_]*$/;

function isMessages(value: unknown): value is Messages {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  return Object.values(value).every((child) => typeof child === "string" || isMessages(child));
}

/** "en/errors/share.json" → language "en", key path ["errors", "share"]; null if the path breaks the rule. */
export function localeFilePath(file: string): { language: Language; keyPath: string[] } | null {
  const match = /^([^/]+)\/(.+)\.json$/.exec(file);
  const language = match?.[1];
  const keyPath = match?.[2]?.split("/") ?? [];
  if (!isLanguage(language) || keyPath.length === 0 || !keyPath.every((segment) => SEGMENT.test(segment))) return null;
  return { language, keyPath };
}

/**
 * Assembles locale files into one tree per language. Rule (decision 007): the file at
 * `<language>/<a>/<b>.json` holds what sits under the key `a.b`, without repeating `a.b`
 * itself: `identity.json` → "identity.…", `errors/share.json` → "errors.share.…".
 * Throws on a file that breaks the rule or on two files that would define the same key,
 * so a mistake fails the unit tests (and the first import) instead of hiding a string.
 */
export function assembleLocales(files: Readonly<Record<string, unknown>>): Record<Language, Messages> {
  const trees = Object.fromEntries(LOCALES.map((language) => [language, {}])) as Record<Language, Messages>;
  const placed: Array<{ file: string; language: Language; keyPath: string[]; content: Messages }> = [];
  for (const file of Object.keys(files).sort()) {
    const where = localeFilePath(file);
    if (!where) throw new Error(`locales/${file}: expected <language>/<key>[/<key>…].json with a known language and plain key names`);
    const content = files[file];
    if (!isMessages(content)) throw new Error(`locales/${file}: expected an object whose leaves are strings`);
    placed.push({ file, ...where, content });
  }
  // A file mounted inside another file's subtree must not meet a key that file defines.
  for (const outer of placed) {
    for (const inner of placed) {
      if (inner === outer || inner.language !== outer.language || inner.keyPath.length <= outer.keyPath.length) continue;
      if (!outer.keyPath.every((segment, index) => inner.keyPath[index] === segment)) continue;
      const next = inner.keyPath[outer.keyPath.length] ?? "";
      if (Object.hasOwn(outer.content, next)) {
        throw new Error(`locales/${outer.file} and locales/${inner.file} both define ${[...outer.keyPath, next].join(".")}`);
      }
    }
  }
  for (const { file, language, keyPath, content } of placed) {
    let node = trees[language];
    for (const segment of keyPath) {
      const child = node[segment] ?? {};
      if (typeof child === "string") throw new Error(`locales/${file}: ${keyPath.join(".")} is already a string`);
      node[segment] = child;
      node = child;
    }
    for (const [key, value] of Object.entries(content)) {
      if (Object.hasOwn(node, key)) throw new Error(`locales/${file}: ${[...keyPath, key].join(".")} is defined twice`);
      node[key] = value;
    }
  }
  return trees;
}

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
