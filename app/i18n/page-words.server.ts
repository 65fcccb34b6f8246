import { messages } from "./all-messages";
import { PAGE_WORDS_ELEMENT_ID, type I18n, type Language, type Messages } from "./config";

/**
 * The words a page shows, sent in its HTML instead of the whole language (decision 018):
 * while the server renders a page, every key its components translate is noted; the page
 * then carries the groups those keys belong to, as data the browser reads before hydrating.
 * The whole language follows as a chunk once the page can be used, for what appears later
 * (answers, other pages). Page titles are not noted: the browser keeps the title the server
 * sent until the language has come (i18n/meta.ts).
 */

/** The page's translator, noting into `keys` every key it translates (the same strings). */
export function notingI18n(i18n: I18n, keys: Set<string>): I18n {
  return {
    language: i18n.language,
    t: (key, values) => {
      keys.add(key);
      return i18n.t(key, values);
    },
  };
}

/**
 * The group of a key that travels with it: the messages beside it ("keys" of "keys.loading",
 * "groups.upcoming" of "groups.upcoming.cancelled"), so that what a page shows only after a
 * tap (progress, a refusal, a confirmation), usually kept beside what it shows at once, comes
 * along. A key of one segment is its own group.
 */
export function wordGroup(key: string): string {
  const lastDot = key.lastIndexOf(".");
  return lastDot === -1 ? key : key.slice(0, lastDot);
}

/**
 * The groups of `keys`, sorted, leaving out a group inside another one (a.b with a: it comes
 * with it). Run at every page, so each group's outer groups are looked up, not searched for.
 */
function groupsOf(keys: Iterable<string>): string[] {
  const groups = [...new Set(Array.from(keys, wordGroup))].sort();
  // Sorted, a group follows any group it is inside.
  const kept = new Set<string>();
  return groups.filter((group) => {
    for (let dot = group.indexOf("."); dot !== -1; dot = group.indexOf(".", dot + 1)) if (kept.has(group.slice(0, dot))) return false;
    kept.add(group);
    return true;
  });
}

/** The messages of `language` under the groups of `keys`, as a tree shaped like the whole one. */
export function pageWords(language: Language, keys: Iterable<string>): Messages {
  return wordsOfGroups(language, groupsOf(keys));
}

function wordsOfGroups(language: Language, groups: readonly string[]): Messages {
  const picked: Messages = {};
  for (const group of groups) {
    const path = group.split(".");
    let from: Messages | string | undefined = messages[language];
    for (const segment of path) from = typeof from === "object" ? from[segment] : undefined;
    if (from === undefined) continue;
    // Only new objects are walked into: the language's own tree is shared, never written.
    let into = picked;
    for (const segment of path.slice(0, -1)) {
      const next: Messages | string = (into[segment] ??= {});
      if (typeof next === "string") break;
      into = next;
    }
    into[path.at(-1) ?? ""] = from;
  }
  return picked;
}

/**
 * The element for a page's words, made once per language and set of groups, and found again
 * by the keys as the render noted them: a page asks for the same words in the same order at
 * every request, and the server's time per page is counted (issue 13).
 */
const elements = new Map<string, Buffer>();
const elementsByKeys = new Map<string, Buffer>();
const ELEMENTS_KEPT = 2_000;

export function pageWordsHtml(language: Language, keys: Iterable<string>): Buffer {
  const list = Array.from(keys);
  const noted = `${language}|${list.join("|")}`;
  let element = elementsByKeys.get(noted);
  if (element === undefined) {
    element = elementOfGroups(language, groupsOf(list));
    if (elementsByKeys.size >= ELEMENTS_KEPT) elementsByKeys.clear();
    elementsByKeys.set(noted, element);
  }
  return element;
}

function elementOfGroups(language: Language, groups: readonly string[]): Buffer {
  const id = `${language}|${groups.join("|")}`;
  let element = elements.get(id);
  if (element === undefined) {
    element = Buffer.from(pageWordsElement(wordsOfGroups(language, groups)));
    if (elements.size >= ELEMENTS_KEPT) elements.clear();
    elements.set(id, element);
  }
  return element;
}

/** The HTML that carries them: inert JSON (never run, so no nonce), with "<" escaped so it cannot close the element. */
export function pageWordsElement(words: Messages): string {
  return `<script type="application/json" id="${PAGE_WORDS_ELEMENT_ID}">${JSON.stringify(words).replace(/</g, "\\u003c")}</script>`;
}
