import { useEffect, useRef, useState } from "react";
import { useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { useHydrated } from "~/components/ui/use-hydrated";
import { useFirstToDefine, useNonce } from "~/components/ui/inline-scripts";
import { isKeyWorkReady, prepareKeyWork } from "./key-work.client";
import { EARLY_KEY_WORK } from "./early-key-work";

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
 * (Argon2id takes a moment on a phone). Before the page's scripts run, that the encryption is
 * being readied and the form can be filled in already; a press then is held (HOLD_EARLY_SUBMIT),
 * which shows the second line instead.
 */
function KeyWorkProgress({ active, hydrated }: { active: boolean; hydrated: boolean }) {
  const { t } = useTranslation();
  // Asked only once hydrated: while the server renders (a form busy from the start) the key work's module is not there.
  const ready = useKeyWorkReady(active && hydrated);
  if (!hydrated) {
    // Keyed apart from the lines below, so React replaces them (and the script's changes) once hydrated.
    return (
      <div className="key-work key-work--loading" role="status" aria-live="polite" data-testid="key-work">
        <progress key="early-progress" aria-label={t("keys.loading")} />
        <span key="early-waiting" data-key-work="waiting">
          {t("keys.loading")}
        </span>
        <span key="early-held" data-key-work="held" hidden>
          {t("keys.preparing")}
        </span>
      </div>
    );
  }
  const message = !active ? undefined : ready ? "keys.working" : "keys.preparing";
  return (
    <div className="key-work" role="status" aria-live="polite" data-testid="key-work">
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

/**
 * Runs as the HTML arrives, before the page's scripts (the nonce lets it): the button before it
 * can be pressed at once, and a press is held, not sent (the form's own post would reach the
 * server without keys), until the page's scripts take the form over and send it themselves
 * (KeyFormSubmit's effect). Until then the progress says the press was taken.
 *
 * On the sign-in page (a `data-key-worker` URL) it also starts the key worker at once, and a
 * press with both fields filled sends the worker sign-in's proof (features/accounts/account-steps.ts)
 * with what was typed, so the passphrase is checked while the page's scripts are still coming;
 * the fields are then held as they were. The page's scripts take the worker and the reply over
 * (key-work.client.ts); anything that fails here leaves them to do it their own way.
 *
 * Defined once per page, by the first key form's script; each key form's script calls it (a
 * page such as /account has four, and the definition is 2 KB).
 */
const HOLD_GLOBAL = "__tongxingHoldEarlySubmit";
const HOLD_EARLY_SUBMIT = `window.${HOLD_GLOBAL} = function (script) {
  var button = script.previousElementSibling, form = button && button.form;
  if (!form) return;
  button.disabled = false;
  var workerUrl = script.getAttribute("data-key-worker"), early;
  if (workerUrl && typeof Worker === "function") {
    try {
      early = window.${EARLY_KEY_WORK} = { worker: new Worker(workerUrl, { type: "module" }), failed: false };
      early.worker.addEventListener("error", function () { early.failed = true; if (early.settle) early.settle(undefined); });
      early.worker.postMessage({ id: -1, op: "load", args: [false] });
    } catch (error) { early = undefined; }
  }
  function held() { return form.hasAttribute("data-held") && !form.hasAttribute("data-scripts-ready"); }
  form.addEventListener("click", function (event) {
    if (held() && event.target.type === "checkbox") event.preventDefault();
  });
  form.addEventListener("submit", function (event) {
    if (form.hasAttribute("data-scripts-ready")) return;
    event.preventDefault();
    event.stopPropagation();
    if (held()) return;
    form.setAttribute("data-held", "");
    button.disabled = true;
    form.querySelectorAll("[data-key-work]").forEach(function (line) { line.hidden = line.getAttribute("data-key-work") !== "held"; });
    var inputs = form.elements;
    if (!early || early.failed || !inputs.handle || !inputs.passphrase || !inputs.csrf || !inputs.handle.value || !inputs.passphrase.value) return;
    [inputs.handle, inputs.passphrase].forEach(function (input) { input.readOnly = true; input.setAttribute("data-held-readonly", ""); });
    var args = [inputs.handle.value, inputs.passphrase.value, !!(inputs.sharedPhone && inputs.sharedPhone.checked), inputs.csrf.value];
    early.job = { op: "proveSignIn", args: args, reply: new Promise(function (resolve) {
      early.settle = resolve;
      early.worker.addEventListener("message", function (reply) { if (reply.data && reply.data.id === -2) resolve(reply.data); });
    }) };
    early.worker.postMessage({ id: -2, op: "proveSignIn", args: args });
  });
};`;
const CALL_HOLD = `window.${HOLD_GLOBAL}(document.currentScript);`;

/**
 * Progress and the submit button of a form that derives keys. It can be pressed before the
 * page's scripts have run: the press is held and sent once they have (issue 15's "type and
 * submit at once"); without scripts it stays grey, and NeedsJavascript says why. Given the
 * built key worker's URL (`signInWorker`, the sign-in form: handle, passphrase, CsrfField), the
 * page's HTML starts it and a held press starts the sign-in (decision 037).
 */
export function KeyFormSubmit({ busy, label, signInWorker }: { busy: boolean; label: string; signInWorker?: string | null }) {
  const hydrated = useHydrated();
  const nonce = useNonce();
  const definesHold = useFirstToDefine(HOLD_GLOBAL);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const form = button.current?.form;
    if (!form) return;
    form.setAttribute("data-scripts-ready", "");
    form.querySelectorAll<HTMLInputElement>("[data-held-readonly]").forEach((field) => {
      field.readOnly = false;
      field.removeAttribute("data-held-readonly");
    });
    if (!form.hasAttribute("data-held")) return;
    form.removeAttribute("data-held");
    form.requestSubmit();
  }, []);
  return (
    <>
      <KeyWorkProgress active={busy} hydrated={hydrated} />
      <button ref={button} type="submit" className="button" disabled={!hydrated || busy}>
        {label}
      </button>
      {/* Rendered by the server only: React never runs a script it adds while the page is in use. */}
      <script
        nonce={nonce}
        data-key-worker={signInWorker ?? undefined}
        dangerouslySetInnerHTML={{ __html: definesHold ? `${HOLD_EARLY_SUBMIT}\n${CALL_HOLD}` : CALL_HOLD }}
        // The browser's render has no part in it: only the server's HTML runs.
        suppressHydrationWarning
      />
    </>
  );
}
