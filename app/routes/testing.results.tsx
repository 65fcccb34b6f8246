import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PageLink } from "~/components/ui/page-link";
import { readForAccount } from "~/auth/current-account.server";
import { listOwnResults } from "~/data/testing.server";
import { canAttest } from "~/domain/testing/attestation";
import { ResultsList } from "~/features/testing/results-list";
import { pageTitle } from "~/i18n/meta";
import { useTranslation } from "~/i18n/use-translation";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "testing.results.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { read } = await readForAccount(request, context, (trx) => listOwnResults(trx));
  return {
    results: read.map((result) => ({ bookingId: result.bookingId, testedOn: result.localDate, siteName: result.siteName, outcome: result.outcome })),
  };
}

export default function TestingResults() {
  const { results } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="results-title">
      <p className="breadcrumb">
        <PageLink to="/testing">{t("testing.back")}</PageLink>
      </p>
      <h1 id="results-title">{t("testing.results.title")}</h1>
      <p>{t("testing.results.intro")}</p>
      <ResultsList
        results={results}
        actionFor={(result) =>
          canAttest(result.outcome) ? (
            <p>
              <PageLink to="/testing/proofs">{t("attestations.fromResult")}</PageLink>
            </p>
          ) : null
        }
      />
    </section>
  );
}
