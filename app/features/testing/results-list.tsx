import type { ReactNode } from "react";
import type { TestOutcome } from "~/domain/testing/booking-rules";
import { formatDay } from "~/i18n/format";
import { useTranslation } from "~/i18n/use-translation";

export interface ResultView {
  bookingId: string;
  /** The test's date on the site's clock. */
  testedOn: string;
  siteName: string;
  outcome: TestOutcome;
}

/**
 * The member's own results, newest first. `actionFor` is the place for something the member
 * can do with one result (an attestation of a negative one), shown at the end of its entry.
 */
export function ResultsList({ results, actionFor }: { results: readonly ResultView[]; actionFor?: (result: ResultView) => ReactNode }) {
  const { t, i18n } = useTranslation();
  if (results.length === 0) return <p>{t("testing.results.none")}</p>;
  return (
    <ul className="group-list">
      {results.map((result) => (
        <li key={result.bookingId} className="group-list__item" data-result={result.bookingId}>
          <dl className="facts">
            <dt>{t("testing.results.tested")}</dt>
            <dd>{formatDay(result.testedOn, i18n.language)}</dd>
            <dt>{t("testing.results.site")}</dt>
            <dd>{result.siteName}</dd>
            <dt>{t("testing.results.outcome")}</dt>
            <dd>
              <strong>{t(`testing.results.outcomes.${result.outcome}`)}</strong>
            </dd>
          </dl>
          {actionFor?.(result)}
        </li>
      ))}
    </ul>
  );
}
