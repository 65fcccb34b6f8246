import { AsyncLocalStorage } from "node:async_hooks";
import { LOCALES } from "~/domain/accounts/locales";
import { messages } from "./all-messages";
import { i18nFor, PAGE_WORDS_ELEMENT_ID, provideI18n, type I18n, type Language, type Messages } from "./config";

/**
 * The words a page shows, sent in its HTML instead of the whole language (decision 018):
 * while the server renders a page (and its title), every key it translates is noted; the
 * page then carries the groups those keys belong to, as data the browser reads before
 * hydrating. The whole language follows as a chunk once the page can be used, for what
 * appears later (answers, other pages).
 */
const used = new AsyncLocalStorage<Set<string>>();

/** Every key translated on the server while `render` runs, and what it started, is noted in `keys`. */
export function recordingWords<T>(keys: Set<string>, render: () => T): T {
  return used.run(keys, render);
}

/** The server's translators note what they translate (for recordingWords); the same strings. */
for (const language of LOCALES) {
  const plain = i18nFor(language);
  const noting: I18n = {
    language,
    t: (key, values) => {
      used.getStore()?.add(key);
      return plain.t(key, values);
    },
  };
  provideI18n(noting);
}

/**
 * The group of a key that travels with it: the messages beside it ("keys" of "keys.loading",
 * "groups.upcoming" of "groups.upcoming.cancelled"), so that what a page shows only after a
 * tap (progress, a refusal, a confirmation), usually kept beside what it shows at once, comes
 * along. A key of one segment is its own group.
 */
export function wordGroup(key: string): string {
  const segments = key.split(".");
  return segments.length > 1 ? segments.slice(0, -1).join(".") : key;
}

/** The messages of `language` under the groups of `keys`, as a tree shaped like the whole one. */
export function pageWords(language: Language, keys: Iterable<string>): Messages {
  const groups = [...new Set([...keys].map(wordGroup))].sort();
  // A group inside another one comes with it (a.b with a); sorted, it follows it.
  const outermost = groups.filter((group, index) => !groups.slice(0, index).some((outer) => group.startsWith(`${outer}.`)));
  const picked: Messages = {};
  for (const group of outermost) {
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

/** The HTML that carries them: inert JSON (never run, so no nonce), with "<" escaped so it cannot close the element. */
export function pageWordsElement(words: Messages): string {
  return `<script type="application/json" id="${PAGE_WORDS_ELEMENT_ID}">${JSON.stringify(words).replace(/</g, "\\u003c")}</script>`;
}
