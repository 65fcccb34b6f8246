import { DEFAULT_LOCALE, isLocale, LOCALES, type Locale } from "~/domain/accounts/locales";
import i18next, { type i18n as I18n } from "i18next";
import { HANDLE_MAX, HANDLE_MIN } from "~/domain/accounts/handle";
import { PASSPHRASE_MAX, PASSPHRASE_MIN } from "~/domain/accounts/passphrase";
import { STAFF_CARD_MAX_LENGTH } from "~/domain/accounts/staff-card";

/** A language the portal speaks: the domain's locales (domain/accounts/locales.ts). */
export type Language = Locale;
export const defaultLanguage: Language = DEFAULT_LOCALE;

export const isLanguage = isLocale;

/** One language's strings: nested objects whose leaves are strings. */
export type Messages = { [key: string]: string | Messages };

/** The one runtime namespace every file is merged into (decision 007). */
export const NAMESPACE = "common";

/**
 * Every locale file by its path below locales/, e.g. "en/identity.json", "zh-CN/errors/share.json".
 * Vite resolves the glob at build time (browser, server bundle, vitest); nothing is read at run time.
 */
export const localeFiles: Readonly<Record<string, unknown>> = Object.fromEntries(
  Object.entries(import.meta.glob("./locales/**/*.json", { eager: true, import: "default" })).map(([file, content]) => [
    file.replace(/^\.\/locales\//, ""),
    content,
  ]),
);

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

const messages = assembleLocales(localeFiles);

/** Built once at module load: every language's files merged into the one namespace. */
export const resources: Readonly<Record<Language, { [NAMESPACE]: Messages }>> = Object.fromEntries(
  LOCALES.map((language) => [language, { [NAMESPACE]: messages[language] }]),
) as Record<Language, { [NAMESPACE]: Messages }>;

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

/** A new synchronous i18next instance for one language (the browser makes one per page). */
export function createI18n(language: Language): I18n {
  const instance = i18next.createInstance();
  void instance.init({
    lng: language,
    fallbackLng: false,
    supportedLngs: [...LOCALES],
    defaultNS: NAMESPACE,
    ns: [NAMESPACE],
    resources,
    initAsync: false,
    interpolation: { escapeValue: false, defaultVariables: MESSAGE_LIMITS },
    returnNull: false,
  });
  return instance;
}

const shared = new Map<Language, I18n>();

/**
 * One instance per language, made once and shared by every server render and page title.
 * Safe to share: nothing ever changes its language (a switch is a new request with another
 * instance), and translating reads only. Making one per request cost ~5% of a page's CPU.
 */
export function i18nFor(language: Language): I18n {
  let instance = shared.get(language);
  if (!instance) {
    instance = createI18n(language);
    shared.set(language, instance);
  }
  return instance;
}
