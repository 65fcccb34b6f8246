import { useEffect, useState, type ReactNode } from "react";
import { createI18n, PAGE_WORDS_ELEMENT_ID, provideI18n, provideMessages, type I18n, type Language, type Messages } from "./config";
import { loadMessages } from "./page-messages.client";
import { I18nProvider } from "./use-translation";

/** The words the server put in the page (i18n/page-words.server.ts), or null if there are none. */
export function readPageWords(): Messages | null {
  const text = document.getElementById(PAGE_WORDS_ELEMENT_ID)?.textContent;
  if (!text) return null;
  try {
    return JSON.parse(text) as Messages;
  } catch {
    return null;
  }
}

/**
 * A translator over the page's words only, until the whole language is here: a key it lacks
 * (a message that appears after a tap, in a group the page did not show) reads as nothing for
 * that moment rather than as its key, and is filled in when the language arrives.
 */
export function pageWordsI18n(language: Language, words: Messages): I18n {
  const partial = createI18n(language, words);
  // Provided as the language's translator, so page titles (i18n/meta.ts) read the same words.
  // A key the page's words lack comes back as itself: shown as nothing until the language has come.
  return provideI18n({
    language,
    t: (key, values) => {
      const text = partial.t(key, values);
      return text === key ? "" : text;
    },
  });
}

/**
 * The page's translator, then the whole language's once it has loaded (fetched after the
 * page is hydrated, so it never holds the page up); every text re-renders with it once.
 */
export function PageWordsProvider({ first, children }: { first: I18n; children: ReactNode }) {
  const [i18n, setI18n] = useState(first);
  useEffect(() => {
    let current = true;
    loadMessages(first.language).then(
      (messages) => current && setI18n(provideMessages(first.language, messages)),
      () => undefined, // offline or the chunk failed: the page's own words stay
    );
    return () => {
      current = false;
    };
  }, [first.language]);
  return <I18nProvider i18n={i18n}>{children}</I18nProvider>;
}
