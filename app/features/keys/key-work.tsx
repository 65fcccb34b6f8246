import { useEffect, useState } from "react";
import { useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { useHydrated } from "~/components/ui/use-hydrated";
import { isKeyWorkReady, prepareKeyWork } from "./key-work.client";

/** Whether the encryption has loaded, watched while `active` (a submit waits for it). */
function useKeyWorkReady(active: boolean): boolean {
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    if (!active || loaded) return;
    let current = true;
    prepareKeyWork().then(
      () => current && setLoaded(true),
      () => undefined, // the submit itself reports a failed load
    );
    return () => {
      current = false;
    };
  }, [active, loaded]);
  return loaded || (active && isKeyWorkReady());
}

/**
 * Shown while the browser works on keys: first, if the member submitted before the encryption
 * had loaded, that it is still loading (the submit goes on by itself); then the work itself
 * (Argon2id takes a moment on a phone). Before scripts run, why the button cannot be used yet.
 */
function KeyWorkProgress({ active, hydrated }: { active: boolean; hydrated: boolean }) {
  const { t } = useTranslation();
  // Asked only once hydrated: while the server renders (a form busy from the start) the key work's module is not there.
  const ready = useKeyWorkReady(active && hydrated);
  const message = !hydrated ? "keys.loading" : !active ? undefined : ready ? "keys.working" : "keys.preparing";
  return (
    <div className={hydrated ? "key-work" : "key-work key-work--loading"} role="status" aria-live="polite" data-testid="key-work">
      {message ? (
        <>
          <progress aria-label={t(message)} />
          <span>{t(message)}</span>
        </>
      ) : null}
    </div>
  );
}

/**
 * Pages that encrypt need scripts; say so plainly when they are off. With scripts on, the
 * encryption's chunks start downloading as this part of the HTML arrives, alongside the
 * page's own scripts, instead of after them (decision 018).
 */
export function NeedsJavascript() {
  const { t } = useTranslation();
  // The root loader names them (features/keys/encryption-assets.server.ts); only that field is read here.
  const assets = useRouteLoaderData<{ encryptionAssets?: readonly string[] }>("root")?.encryptionAssets ?? [];
  return (
    <>
      {assets.map((href) => (
        <link key={href} rel="modulepreload" href={href} />
      ))}
      <noscript>
        <p className="form-message form-message--error">{t("keys.needsJavascript")}</p>
      </noscript>
    </>
  );
}

/** Progress and the submit button of a form that derives keys: usable once scripts run, idle while working. */
export function KeyFormSubmit({ busy, label }: { busy: boolean; label: string }) {
  const hydrated = useHydrated();
  return (
    <>
      <KeyWorkProgress active={busy} hydrated={hydrated} />
      <button type="submit" className="button" disabled={!hydrated || busy}>
        {label}
      </button>
    </>
  );
}
