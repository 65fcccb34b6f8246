/**
 * The locale files assembled into one message tree per language (decision 007). Only the
 * language chunks and the server use this; it is kept out of config.ts, which every page
 * loads first (issue 15's budget).
 */
import { LOCALES } from "~/domain/accounts/locales";
import { isLanguage, type Language, type Messages } from "./config";

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
