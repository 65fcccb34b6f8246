import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { SearchForm } from "~/components/ui/search-form";
import { PageLink } from "~/components/ui/page-link";
import { Pager } from "~/components/ui/pager";
import { readForAccount } from "~/auth/current-account.server";
import { listGroupsForFinder } from "~/data/groups.server";
import { keptAreas } from "~/data/kept-areas.server";
import { areaName } from "~/domain/areas/areas";
import {
  finderPager,
  TIMES_OF_DAY,
  finderQueryString,
  parseFinderQuery,
} from "~/domain/groups/finder";
import {
  ATTENDANCE_MODES,
  GROUP_LANGUAGES,
} from "~/domain/groups/meeting-fields";
import { FilterSelect } from "~/components/ui/filter-select";
import { AreaOptions } from "~/features/areas/area-options";
import { MeetingTime } from "~/features/groups/meeting-words";
import { pageTitle } from "~/i18n/meta";
import { useTranslation } from "~/i18n/use-translation";
import { formatList } from "~/i18n/format";

export const meta: MetaFunction = ({ matches }) =>
  pageTitle(matches, "groups.finder.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { filters, dropped } = parseFinderQuery(
    new URL(request.url).searchParams
  );
  const [{ read: found }, areas] = await Promise.all([
    readForAccount(request, context, (trx) => listGroupsForFinder(trx, filters)),
    keptAreas(),
  ]);
  const groups = found.groups.map((group) => ({
    id: group.id,
    name: group.name,
    areaId: group.areaId,
    languages: group.languages,
    next: group.next
      ? {
          startsAt: group.next.startsAt.toISOString(),
          endsAt: group.next.endsAt.toISOString(),
          mode: group.next.mode,
        }
      : null,
  }));
  return {
    areas,
    filters,
    dropped: dropped.length > 0,
    groups,
    total: found.total,
  };
}

export default function GroupFinder() {
  const { areas, filters, dropped, groups, total } =
    useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const pager = finderPager(total);
  const areaOf = (id: string) => {
    const area = areas.find((entry) => entry.id === id);
    return area ? areaName(area, i18n.language) : "";
  };
  const chosen = [
    filters.areaId ? areaOf(filters.areaId) : null,
    filters.language ? t(`groups.languages.${filters.language}`) : null,
    filters.weekday !== null ? t(`groups.weekdays.${filters.weekday}`) : null,
    filters.timeOfDay ? t(`groups.times.${filters.timeOfDay}`) : null,
    filters.format ? t(`groups.modes.${filters.format}`) : null,
  ].filter((choice): choice is string => Boolean(choice));
  return (
    <>
      <section className="panel" aria-labelledby="finder-title">
        <h1 id="finder-title">{t("groups.finder.title")}</h1>
        <p>{t("groups.finder.intro")}</p>
        {/* Folded, so that on a phone the groups come right after the title (open when nothing matched); the summary says what is chosen. */}
        <details className="finder-choices" open={groups.length === 0}>
          <summary>
            {chosen.length > 0
              ? t("groups.finder.chosen", { choices: chosen.join(" · ") })
              : t("groups.finder.choose")}
          </summary>
          <SearchForm to="/groups" className="finder-form">
            <div className="field">
              <label htmlFor="finder-area">{t("groups.finder.area")}</label>
              <select
                id="finder-area"
                name="area"
                defaultValue={filters.areaId ?? ""}
              >
                <option value="">{t("groups.finder.anyArea")}</option>
                <AreaOptions areas={areas} />
              </select>
            </div>
            <FilterSelect
              idPrefix="finder"
              name="language"
              label={t("groups.finder.language")}
              any={t("groups.finder.anyLanguage")}
              value={filters.language}
              options={GROUP_LANGUAGES.map((language) => [
                language,
                t(`groups.languages.${language}`),
              ])}
            />
            <FilterSelect
              idPrefix="finder"
              name="weekday"
              label={t("groups.finder.weekday")}
              any={t("groups.finder.anyDay")}
              value={filters.weekday === null ? null : String(filters.weekday)}
              options={[1, 2, 3, 4, 5, 6, 0].map((weekday) => [
                String(weekday),
                t(`groups.weekdays.${weekday}`),
              ])}
            />
            <FilterSelect
              idPrefix="finder"
              name="time"
              label={t("groups.finder.time")}
              any={t("groups.finder.anyTime")}
              value={filters.timeOfDay}
              options={TIMES_OF_DAY.map((time) => [
                time,
                t(`groups.times.${time}`),
              ])}
            />
            <FilterSelect
              idPrefix="finder"
              name="format"
              label={t("groups.finder.format")}
              any={t("groups.finder.anyFormat")}
              value={filters.format}
              options={ATTENDANCE_MODES.map((mode) => [
                mode,
                t(`groups.modes.${mode}`),
              ])}
            />
            <button type="submit" className="button">
              {t("groups.finder.search")}
            </button>{" "}
            <PageLink to="/groups">{t("groups.finder.clear")}</PageLink>
          </SearchForm>
        </details>
        {dropped ? (
          <p className="field__hint">{t("groups.finder.dropped")}</p>
        ) : null}
      </section>
      <section className="panel" aria-labelledby="results-title">
        <h2 id="results-title">
          {t(total.more ? "groups.finder.resultsMore" : "groups.finder.results", { count: total.count })}
        </h2>
        {groups.length === 0 ? <p>{t("groups.finder.none")}</p> : null}
        <ul className="group-list">
          {groups.map((group) => (
            <li key={group.id} className="group-list__item">
              <PageLink to={`/groups/${group.id}`} className="group-list__name">
                {group.name}
              </PageLink>
              <span className="group-list__line">
                {areaOf(group.areaId)} ·{" "}
                {formatList(group.languages.map((language) => t(`groups.languages.${language}`)), i18n.language)}
              </span>
              <span className="group-list__line">
                {group.next ? (
                  <>
                    {t("groups.finder.next")}{" "}
                    <MeetingTime occurrence={group.next} />
                    {group.next.mode
                      ? ` · ${t(`groups.modes.${group.next.mode}`)}`
                      : null}
                  </>
                ) : (
                  t("groups.finder.noneScheduled")
                )}
              </span>
            </li>
          ))}
        </ul>
        <Pager
          label={t("groups.finder.pages")}
          previous={filters.page > 1 ? { to: `/groups${finderQueryString({ ...filters, page: filters.page - 1 })}`, text: t("groups.finder.previous") } : null}
          position={t(pager.more ? "groups.finder.pageOfMore" : "groups.finder.pageOf", { page: filters.page, pages: pager.pages })}
          next={filters.page < pager.pages || pager.more ? { to: `/groups${finderQueryString({ ...filters, page: filters.page + 1 })}`, text: t("groups.finder.nextPage") } : null}
        />
      </section>
    </>
  );
}
