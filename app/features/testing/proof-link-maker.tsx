import { Form, useRevalidator } from "@remix-run/react";
import { useRef, useState, type FormEvent } from "react";
import { CsrfField, useCsrfToken } from "~/components/ui/csrf-field";
import { FormMessage, SelectField } from "~/components/ui/form-field";
import { useHydrated } from "~/components/ui/use-hydrated";
import { formFailure, type FormFailure } from "~/forms/form-reply";
import { formatDate } from "~/i18n/format";
import { useTranslation } from "~/i18n/use-translation";
import { createProofLink } from "./attestation-links.client";

export type ExpiryChoice = { days: number; expiresOn: string };

type MakerState = { kind: "idle" } | { kind: "working" } | { kind: "made"; link: string; copied: number } | { kind: "failed"; failure: FormFailure };

/**
 * One negative result's "make a link" form. The link's key is made in this browser, so the
 * form needs JavaScript; posted without it, the page's action says so.
 */
export function ProofLinkMaker({ bookingId, testedOn, choices }: { bookingId: string; testedOn: string; choices: readonly ExpiryChoice[] }) {
  const { t, i18n } = useTranslation();
  const csrf = useCsrfToken();
  const hydrated = useHydrated();
  const revalidator = useRevalidator();
  const [state, setState] = useState<MakerState>({ kind: "idle" });
  const linkText = useRef<HTMLInputElement>(null);
  const fieldId = `proof-expiry-${bookingId}`;

  async function make(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const expiresOn = new FormData(event.currentTarget).get("expiresOn");
    if (typeof expiresOn !== "string") return;
    setState({ kind: "working" });
    try {
      const made = await createProofLink({ bookingId, expiresOn }, { csrf, origin: window.location.origin });
      setState(made.ok ? { kind: "made", link: made.link, copied: 0 } : { kind: "failed", failure: made });
      if (made.ok) revalidator.revalidate();
    } catch {
      setState({ kind: "failed", failure: formFailure("errors.form.unexpected") });
    }
  }

  async function copy(link: string) {
    try {
      await navigator.clipboard.writeText(link);
    } catch {
      // Clipboard refused: select the link for a long-press copy.
      linkText.current?.select();
    }
    setState((last) => (last.kind === "made" ? { ...last, copied: last.copied + 1 } : last));
  }

  const failure = state.kind === "failed" ? state.failure : undefined;
  return (
    <li className="proof-result">
      <p>
        <strong>{t("attestations.resultLine", { date: formatDate(testedOn, i18n.language) })}</strong>
      </p>
      {state.kind === "made" ? (
        <div className="proof-link" role="status">
          <p>{t("attestations.made")}</p>
          <label htmlFor={`${fieldId}-link`}>{t("attestations.linkLabel")}</label>
          <input ref={linkText} id={`${fieldId}-link`} className="proof-link__text" readOnly value={state.link} onFocus={(event) => event.currentTarget.select()} data-testid="proof-link" />
          <button type="button" className="button" onClick={() => void copy(state.link)}>
            {t("attestations.copy")}
          </button>
          {state.copied > 0 ? <p className="field__hint">{t("attestations.copied")}</p> : null}
        </div>
      ) : (
        <Form method="post" onSubmit={hydrated ? (event) => void make(event) : undefined}>
          <CsrfField />
          <input type="hidden" name="intent" value="make" />
          <input type="hidden" name="bookingId" value={bookingId} />
          <SelectField id={fieldId} name="expiresOn" label={t("attestations.expiresOn")} error={failure?.fieldErrors.expiresOn} defaultValue={choices[1]?.expiresOn}>
            {choices.map((choice) => (
              <option key={choice.days} value={choice.expiresOn}>
                {t("attestations.expiryChoice", { count: choice.days, date: formatDate(choice.expiresOn, i18n.language) })}
              </option>
            ))}
          </SelectField>
          <button type="submit" className="button" disabled={state.kind === "working"}>
            {state.kind === "working" ? t("attestations.making") : t("attestations.make")}
          </button>
          <FormMessage message={failure?.formError} />
        </Form>
      )}
    </li>
  );
}
