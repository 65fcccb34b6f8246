import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { provideMessages, type I18n } from "~/i18n/config";
import { documentLanguage, loadMessages } from "~/i18n/page-messages.client";
import { pageWordsI18n, PageWordsProvider, readPageWords } from "~/i18n/page-words.client";

const language = documentLanguage();

function hydrate(first: I18n) {
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <PageWordsProvider first={first}>
          <RemixBrowser />
        </PageWordsProvider>
      </StrictMode>,
    );
  });
}

// The page carries the words it shows (decision 018): it hydrates with those at once, and the
// whole language follows. A page without them (none should be) waits for the language.
const words = readPageWords();
if (words) hydrate(pageWordsI18n(language, words));
else void loadMessages(language).then((messages) => hydrate(provideMessages(language, messages)));
