import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PageLink } from "~/components/ui/page-link";
import { z } from "zod";
import { readForAccount, requireAccount } from "~/auth/current-account.server";
import { CsrfField } from "~/components/ui/csrf-field";
import { FormMessage } from "~/components/ui/form-field";
import { listOwnAttestations, revokeOwnAttestation } from "~/data/attestations.server";
import { getDatabase } from "~/data/db.server";
import { asMember } from "~/data/rls.server";
import { listOwnResults } from "~/data/testing.server";
import { addDays, DEFAULT_TIME_ZONE, todayIn } from "~/domain/groups/local-time";
import { attestationStatus, canAttest } from "~/domain/testing/attestation";
import { ProofLinkMaker } from "~/features/testing/proof-link-maker";
import { formFailure } from "~/forms/form-reply";
import { formReply, parseForm, refusal } from "~/forms/parse-form.server";
import { formatDate, formatDateTime, formatList } from "~/i18n/format";
import { pageTitle } from "~/i18n/meta";
import { useTranslation } from "~/i18n/use-translation";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "attestations.title");

/** How long a new link works, offered as choices (the longest is ATTESTATION_MAX_DAYS). */
const EXPIRY_DAYS = [7, 30, 90] as const;
/** Openings listed per link; the count says how many there were in all. */
const OPENINGS_SHOWN = 5;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { read } = await readForAccount(request, context, async (trx) => {
    const [results, links] = await Promise.all([listOwnResults(trx), listOwnAttestations(trx)]);
    return { results, links };
  });
  const today = todayIn(DEFAULT_TIME_ZONE, new Date());
  return {
    negatives: read.results.filter((result) => canAttest(result.outcome)).map((result) => ({ bookingId: result.bookingId, testedOn: result.localDate })),
    links: read.links.map((link) => ({ ...link, status: attestationStatus({ expiresOn: link.expiresOn, revokedAt: link.revokedAt, today }), openings: link.openings.slice(0, OPENINGS_SHOWN), openedCount: link.openings.length })),
    choices: EXPIRY_DAYS.map((days) => ({ days, expiresOn: addDays(today, days) })),
  };
}

const ProofAction = z.discriminatedUnion(
  "intent",
  [z.object({ intent: z.literal("make") }), z.object({ intent: z.literal("revoke"), attestationId: z.uuid("errors.form.invalid") })],
  { error: "errors.form.invalid" },
);

export async function action({ request, context }: ActionFunctionArgs) {
  const account = await requireAccount(request, context);
  const form = await parseForm(request, ProofAction);
  if (!form.ok) return formReply(form);
  const change = form.value;
  // A link's key is made in the member's browser; posted without scripts there is none.
  if (change.intent === "make") return formReply(refusal(400, { ...formFailure("errors.attestations.needsScript"), intent: "make" }));
  const revoked = await asMember(await getDatabase(), account.userId, (trx) => revokeOwnAttestation(trx, change.attestationId));
  return revoked.ok ? { ok: true as const } : formReply(refusal(404, { ...formFailure("errors.attestations.gone"), intent: "revoke" }));
}

export default function ProofLinks() {
  const { negatives, links, choices } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t, i18n } = useTranslation();
  return (
    <>
      <section className="panel" aria-labelledby="proofs-title">
        <h1 id="proofs-title">{t("attestations.title")}</h1>
        <p>{t("attestations.intro")}</p>
        <noscript>
          <p className="form-message form-message--warning">{t("attestations.needsScript")}</p>
        </noscript>
        {negatives.length === 0 ? <p>{t("attestations.noResults")}</p> : null}
        <ul className="request-list">
          {negatives.map((result) => (
            <ProofLinkMaker key={result.bookingId} bookingId={result.bookingId} testedOn={result.testedOn} choices={choices} />
          ))}
        </ul>
        <FormMessage message={reply && !reply.ok && reply.intent === "make" ? reply.formError : undefined} />
        <p>
          <PageLink to="/testing">{t("attestations.backToTesting")}</PageLink>
        </p>
      </section>
      <section className="panel" aria-labelledby="links-title">
        <h2 id="links-title">{t("attestations.links.title")}</h2>
        {links.length === 0 ? <p>{t("attestations.links.none")}</p> : null}
        <ul className="request-list">
          {links.map((link) => (
            <li key={link.id} data-link={link.id}>
              <p>
                <strong>{t(`attestations.links.status.${link.status}`, { date: formatDate(link.status === "revoked" && link.revokedAt ? link.revokedAt : link.expiresOn, i18n.language) })}</strong>
              </p>
              <p>{t("attestations.links.made", { made: formatDate(link.createdAt, i18n.language), tested: formatDate(link.testedOn, i18n.language) })}</p>
              <p className="field__hint">
                {link.openedCount === 0
                  ? t("attestations.links.notOpened")
                  : t("attestations.links.opened", { count: link.openedCount, times: formatList(link.openings.map((at) => formatDateTime(at, i18n.language)), i18n.language) })}
              </p>
              {link.status === "valid" ? (
                <Form method="post" preventScrollReset>
                  <CsrfField />
                  <input type="hidden" name="intent" value="revoke" />
                  <input type="hidden" name="attestationId" value={link.id} />
                  <button type="submit" className="button button--secondary" disabled={busy}>
                    {t("attestations.links.revoke")}
                  </button>
                  <p className="field__hint">{t("attestations.links.revokeHint")}</p>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
        <FormMessage message={reply?.ok ? "attestations.links.revoked" : reply && !reply.ok && reply.intent === "revoke" ? reply.formError : undefined} tone={reply?.ok ? "info" : "error"} />
      </section>
    </>
  );
}
