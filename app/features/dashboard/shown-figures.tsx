import type { ShownCount } from "~/domain/help/small-counts";
import { useTranslation } from "~/i18n/use-translation";

/** How a count the domain let through reads: the number, "<5", or "—" (withheld so a hidden count cannot be worked out). */
export function useShownCount(): (shown: ShownCount) => string {
  const { t } = useTranslation();
  return (shown) => (shown.kind === "count" ? String(shown.value) : t(`dashboard.shown.${shown.kind}`));
}

/** The legend every table and chart of the dashboard shares: what "<5" and "—" mean. */
export function ShownLegend() {
  const { t } = useTranslation();
  return (
    <dl className="dashboard-legend">
      <dt>{t("dashboard.shown.small")}</dt>
      <dd>{t("dashboard.legend.small")}</dd>
      <dt>{t("dashboard.shown.withheld")}</dt>
      <dd>{t("dashboard.legend.withheld")}</dd>
    </dl>
  );
}
