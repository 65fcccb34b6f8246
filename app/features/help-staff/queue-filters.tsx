import { SearchForm } from "~/components/ui/search-form";
import { PageLink } from "~/components/ui/page-link";
import { FilterSelect } from "~/components/ui/filter-select";
import { HELP_CATEGORIES, HELP_URGENCIES, REQUEST_STATUSES } from "~/domain/help/request-rules";
import { WAITED_AT_LEAST } from "~/domain/help/waiting";
import type { QueueQuery } from "~/forms/help-staff";
import { useTranslation } from "~/i18n/use-translation";

/** The queue's filters, sent with GET: they live in the address. */
export function QueueFilters({ filters }: { filters: QueueQuery }) {
  const { t } = useTranslation();
  return (
    <SearchForm to="/staff/help" className="finder-form" aria-label={t("helpStaff.queue.filters")}>
      <FilterSelect idPrefix="queue" name="category" label={t("helpStaff.queue.category")} any={t("helpStaff.queue.anyCategory")} value={filters.category} options={HELP_CATEGORIES.map((category) => [category, t(`help.categories.${category}.name`)])} />
      <FilterSelect idPrefix="queue" name="status" label={t("helpStaff.queue.status")} any={t("helpStaff.queue.openStatuses")} value={filters.status} options={REQUEST_STATUSES.map((status) => [status, t(`helpStaff.statuses.${status}`)])} />
      <FilterSelect idPrefix="queue" name="urgency" label={t("helpStaff.queue.urgency")} any={t("helpStaff.queue.anyUrgency")} value={filters.urgency} options={HELP_URGENCIES.map((urgency) => [urgency, t(`help.urgencies.${urgency}`)])} />
      <FilterSelect
        idPrefix="queue"
        name="waited"
        label={t("helpStaff.queue.waited")}
        any={t("helpStaff.queue.anyWait")}
        value={filters.minDaysWaiting === null ? null : String(filters.minDaysWaiting)}
        options={WAITED_AT_LEAST.map((days) => [String(days), t(`helpStaff.queue.waitedAtLeast.${days}`)])}
      />
      <p className="actions">
        <button type="submit" className="button">
          {t("helpStaff.queue.show")}
        </button>{" "}
        <PageLink to="/staff/help">{t("helpStaff.queue.clear")}</PageLink>
      </p>
    </SearchForm>
  );
}
