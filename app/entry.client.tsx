import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { defaultLanguage, isLanguage, provideMessages } from "~/i18n/config";
import { loadMessages } from "~/i18n/page-messages.client";
import { I18nProvider } from "~/i18n/use-translation";

const lang = document.documentElement.lang;
const language = isLanguage(lang) ? lang : defaultLanguage;

// The page's language arrives as a chunk of its own, fetched with the page (root names it in a
// modulepreload link): the page hydrates once its words are here.
void loadMessages(language).then((messages) => {
  const i18n = provideMessages(language, messages);
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <I18nProvider i18n={i18n}>
          <RemixBrowser />
        </I18nProvider>
      </StrictMode>,
    );
  });
});
