import { useEffect } from "react";
import { useTranslation } from "~/i18n/use-translation";
import { stopWorkForExit } from "~/features/keys/stop-on-exit.client";
import { wipeTabKeys } from "~/features/keys/wipe-tab-keys.client";

const DOUBLE_ESCAPE_MS = 800;

/**
 * Leaves at once for a neutral site: stops key work, forgets the tab's keys, ends the session
 * (a beacon, so leaving is not delayed), and replaces this page in history so
 * "Back" does not return to it. Without JavaScript the link goes to /exit,
 * which ends the session and redirects.
 */
function quickExit(destination: string) {
  stopWorkForExit(); // a derivation in progress must not finish and store keys as the page leaves
  wipeTabKeys();
  try {
    sessionStorage.clear();
  } catch {
    // Storage can be unavailable (private mode); nothing is kept there then.
  }
  navigator.sendBeacon?.("/exit");
  window.location.replace(destination);
}

export function QuickExit({ destination }: { destination: string }) {
  const { t } = useTranslation();
  useEffect(() => {
    let lastEscape = 0;
    function onKeyDown(event: KeyboardEvent) {
      if (event.key !== "Escape") return;
      const now = event.timeStamp;
      if (now - lastEscape < DOUBLE_ESCAPE_MS) quickExit(destination);
      lastEscape = now;
    }
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [destination]);
  return (
    <a
      className="quick-exit"
      href="/exit"
      rel="noreferrer"
      data-testid="quick-exit"
      title={t("quickExit.hint")}
      onClick={(event) => {
        event.preventDefault();
        quickExit(destination);
      }}
    >
      {t("quickExit.label")}
      <span className="quick-exit__hint">{t("quickExit.tap")}</span>
    </a>
  );
}
