import { useEffect, useState } from "react";
import { useHydrated } from "~/components/ui/use-hydrated";
import { DEFAULT_TIME_ZONE, todayIn } from "~/domain/groups/local-time";
import { formatDate } from "~/i18n/format";
import { useTranslation } from "~/i18n/use-translation";
import { openProofLink, type ProofView } from "./attestation-links.client";

/**
 * The recipient's view of a proof link: opened and checked in this browser with the key in
 * the address's fragment, which never leaves it.
 */
export function ProofCheck({ id, signingPublicKey, fingerprint }: { id: string; signingPublicKey: string; fingerprint: string }) {
  const { t, i18n } = useTranslation();
  const [view, setView] = useState<ProofView | null>(null);
  const hydrated = useHydrated();

  useEffect(() => {
    let current = true;
    openProofLink({ id, fragment: window.location.hash, signingPublicKey, today: todayIn(DEFAULT_TIME_ZONE, new Date()) })
      .catch((): ProofView => ({ ok: false, problem: "network" }))
      .then((opened) => {
        if (current) setView(opened);
      });
    return () => {
      current = false;
    };
  }, [id, signingPublicKey]);

  if (view === null) {
    // Before the scripts run there is nothing to say: the page's <noscript> explains.
    if (!hydrated) return null;
    return (
      <p role="status" className="form-message form-message--info">
        {t("attestations.proof.opening")}
      </p>
    );
  }
  if (!view.ok) {
    return (
      <div role="status" data-testid="proof-result" data-outcome={view.problem}>
        <p className={`form-message form-message--${view.problem === "tampered" ? "error" : "warning"}`}>{t(`attestations.proof.problem.${view.problem}`)}</p>
      </div>
    );
  }
  const { facts } = view;
  return (
    <div role="status" data-testid="proof-result" data-outcome="valid">
      <h2>{t("attestations.proof.valid")}</h2>
      <p className="form-message form-message--info">
        <strong>{t("attestations.proof.says")}</strong>
      </p>
      <p>{t("attestations.proof.tested", { date: formatDate(facts.testedOn, i18n.language) })}</p>
      <p>{t("attestations.proof.made", { issued: formatDate(facts.issuedOn, i18n.language), expires: formatDate(facts.expiresOn, i18n.language) })}</p>
      <p className="field__hint">{t("attestations.proof.namesNobody", { fingerprint })}</p>
    </div>
  );
}
