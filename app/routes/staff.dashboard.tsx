import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { SearchForm } from "~/components/ui/search-form";
import { readForRole } from "~/auth/current-account.server";
import { readDashboard } from "~/data/dashboard.server";
import { listServedAreas } from "~/data/roles.server";
import { areaName, areaNameById } from "~/domain/areas/areas";
import { barChartLayout } from "~/features/dashboard/bar-chart-layout";
import { OPEN_AGES } from "~/domain/help/dashboard";
import { DASHBOARD_PERIODS, dashboardView, parseDashboardChoice, periodStart, type RoughDuration } from "~/domain/help/dashboard-view";
import { HELP_CATEGORIES, REQUEST_STATUSES } from "~/domain/help/request-rules";
import type { ShownCount } from "~/domain/help/small-counts";
import { BarChart } from "~/features/dashboard/bar-chart";
import { CountsFigure } from "~/features/dashboard/counts-figure";
import { FigureTable } from "~/features/dashboard/figure-table";
import { ShownLegend, useShownCount } from "~/features/dashboard/shown-figures";
import { pageTitle } from "~/i18n/meta";
import { useTranslation } from "~/i18n/use-translation";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "dashboard.title");

const HOURS: Record<RoughDuration["unit"], number> = { minutes: 1 / 60, hours: 1, days: 24, weeks: 24 * 7 };
const lengthOf = (shown: ShownCount) => (shown.kind === "count" ? shown.value : null);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const query = new URL(request.url).searchParams;
  const { read } = await readForRole(request, context, "social_worker", async (trx) => {
    const servedAreas = await listServedAreas(trx);
    const choice = parseDashboardChoice(query, servedAreas.map((area) => area.id));
    const figures = await readDashboard(trx, { areaId: choice.areaId, since: periodStart(choice.days, new Date()) });
    return { choice, servedAreas, figures };
  });
  // Only what may be shown leaves the server: the exact figures stop here.
  const view = dashboardView(read.figures);
  const median = (shown: (typeof view.responseTimes)["firstResponse"]) => (shown.kind === "value" ? shown.value.count * HOURS[shown.value.unit] : null);
  return {
    choice: read.choice,
    servedAreas: read.servedAreas,
    view,
    charts: {
      categories: barChartLayout(view.requests.rowTotals.map(lengthOf)),
      statuses: barChartLayout(view.requests.columnTotals.map(lengthOf)),
      waits: barChartLayout([median(view.responseTimes.firstResponse), median(view.responseTimes.resolution)]),
      ages: barChartLayout((view.openByAge.cells[0] ?? []).map(lengthOf)),
      meetings: barChartLayout([lengthOf(view.meetings.held), lengthOf(view.meetings.present)]),
      testing: barChartLayout([view.testing.places, view.testing.booked, view.testing.tested, view.testing.noShows].map(lengthOf)),
      groups: barChartLayout(view.activeGroups.map((area) => lengthOf(area.groups))),
    },
  };
}

export default function StaffDashboard() {
  const { choice, servedAreas, view, charts } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const count = useShownCount();
  const wait = (shown: (typeof view.responseTimes)["firstResponse"]) =>
    shown.kind === "value" ? t(`dashboard.waits.${shown.value.count === 1 ? "aboutOne" : "about"}.${shown.value.unit}`, { count: shown.value.count }) : t("dashboard.tooFew");
  const rate = (shown: (typeof view.testing)["use"]) => (shown.kind === "value" ? t("dashboard.percent", { value: shown.value }) : t("dashboard.tooFew"));
  const where = choice.areaId ? areaNameById(servedAreas, choice.areaId, i18n.language) : t("dashboard.form.allAreas");
  const scope = t("dashboard.scope", { where, days: choice.days });
  const categoryName = (category: (typeof HELP_CATEGORIES)[number]) => t(`help.categories.${category}.name`);
  const statusName = (status: (typeof REQUEST_STATUSES)[number]) => t(`dashboard.statuses.${status}`);
  const waitRows = [
    { header: t("dashboard.waits.firstResponse"), basedOn: view.responseTimes.responded, median: view.responseTimes.firstResponse },
    { header: t("dashboard.waits.resolution"), basedOn: view.responseTimes.resolved, median: view.responseTimes.resolution },
  ];
  const described = t("dashboard.chartDescription");
  const figureColumns: [string, string] = [t("dashboard.figure"), t("dashboard.number")];
  return (
    <section className="panel dashboard" aria-labelledby="dashboard-title">
      <h1 id="dashboard-title">{t("dashboard.title")}</h1>
      <p>{t("dashboard.intro")}</p>
      <SearchForm to="/staff/dashboard" className="finder-form" aria-label={t("dashboard.form.label")}>
        <div className="field">
          <label htmlFor="dashboard-area">{t("dashboard.form.area")}</label>
          <select id="dashboard-area" name="area" defaultValue={choice.areaId ?? ""}>
            <option value="">{t("dashboard.form.allAreas")}</option>
            {servedAreas.map((area) => (
              <option key={area.id} value={area.id}>
                {areaName(area, i18n.language)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="dashboard-days">{t("dashboard.form.period")}</label>
          <select id="dashboard-days" name="days" defaultValue={String(choice.days)}>
            {DASHBOARD_PERIODS.map((days) => (
              <option key={days} value={days}>
                {t("dashboard.form.lastDays", { days })}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          {t("dashboard.form.show")}
        </button>
      </SearchForm>
      <p data-testid="dashboard-scope">{scope}</p>
      <ShownLegend />

      <h2 id="dashboard-requests">{t("dashboard.requests.title")}</h2>
      <p>{t("dashboard.requests.line")}</p>
      <BarChart
        id="chart-categories"
        title={t("dashboard.requests.byCategory")}
        description={described}
        layout={charts.categories}
        bars={HELP_CATEGORIES.map((category, index) => ({ label: categoryName(category), text: count(view.requests.rowTotals[index] ?? { kind: "small" }) }))}
      />
      <BarChart
        id="chart-statuses"
        title={t("dashboard.requests.byStatus")}
        description={described}
        layout={charts.statuses}
        bars={REQUEST_STATUSES.map((status, index) => ({ label: statusName(status), text: count(view.requests.columnTotals[index] ?? { kind: "small" }) }))}
      />
      <FigureTable
        caption={t("dashboard.requests.table")}
        columns={[t("dashboard.requests.category"), ...REQUEST_STATUSES.map(statusName), t("dashboard.total")]}
        rows={[
          ...HELP_CATEGORIES.map((category, index) => ({
            header: categoryName(category),
            cells: [...(view.requests.cells[index] ?? []).map(count), count(view.requests.rowTotals[index] ?? { kind: "small" })],
          })),
          { header: t("dashboard.total"), cells: [...view.requests.columnTotals.map(count), count(view.requests.total)] },
        ]}
      />

      <h2>{t("dashboard.waits.title")}</h2>
      <p>{t("dashboard.waits.line")}</p>
      <BarChart id="chart-waits" title={t("dashboard.waits.chart")} description={t("dashboard.waits.chartDescription")} layout={charts.waits} bars={waitRows.map((row) => ({ label: row.header, text: wait(row.median) }))} />
      <FigureTable
        caption={t("dashboard.waits.table")}
        columns={[t("dashboard.waits.which"), t("dashboard.waits.median"), t("dashboard.waits.basedOn")]}
        rows={waitRows.map((row) => ({ header: row.header, cells: [wait(row.median), count(row.basedOn)] }))}
      />

      <h2>{t("dashboard.ages.title")}</h2>
      <CountsFigure
        id="chart-ages"
        chartTitle={t("dashboard.ages.chart")}
        chartDescription={described}
        layout={charts.ages}
        caption={t("dashboard.ages.table")}
        columns={[t("dashboard.ages.waited"), t("dashboard.ages.requests")]}
        rows={OPEN_AGES.map((age, index) => ({ header: t(`dashboard.ages.${age}`), text: count(view.openByAge.cells[0]?.[index] ?? { kind: "small" }) }))}
        moreRows={[{ header: t("dashboard.total"), text: count(view.openByAge.total) }]}
      />

      <h2>{t("dashboard.meetings.title")}</h2>
      <CountsFigure
        id="chart-meetings"
        chartTitle={t("dashboard.meetings.chart")}
        chartDescription={described}
        layout={charts.meetings}
        caption={t("dashboard.meetings.table")}
        columns={figureColumns}
        rows={[
          { header: t("dashboard.meetings.held"), text: count(view.meetings.held) },
          { header: t("dashboard.meetings.present"), text: count(view.meetings.present) },
        ]}
        moreRows={[{ header: t("dashboard.meetings.average"), text: view.meetings.averagePresent.kind === "value" ? String(view.meetings.averagePresent.value) : t("dashboard.tooFew") }]}
      />

      <h2>{t("dashboard.testing.title")}</h2>
      <CountsFigure
        id="chart-testing"
        chartTitle={t("dashboard.testing.chart")}
        chartDescription={described}
        layout={charts.testing}
        caption={t("dashboard.testing.table")}
        columns={figureColumns}
        rows={[
          { header: t("dashboard.testing.places"), text: count(view.testing.places) },
          { header: t("dashboard.testing.booked"), text: count(view.testing.booked) },
          { header: t("dashboard.testing.tested"), text: count(view.testing.tested) },
          { header: t("dashboard.testing.noShows"), text: count(view.testing.noShows) },
        ]}
        moreRows={[
          { header: t("dashboard.testing.use"), text: rate(view.testing.use) },
          { header: t("dashboard.testing.noShowRate"), text: rate(view.testing.noShowRate) },
        ]}
      />

      <h2>{t("dashboard.groups.title")}</h2>
      {view.activeGroups.length === 0 ? (
        <p>{t("dashboard.groups.none")}</p>
      ) : (
        <CountsFigure
          id="chart-groups"
          chartTitle={t("dashboard.groups.chart")}
          chartDescription={described}
          layout={charts.groups}
          caption={t("dashboard.groups.table")}
          columns={[t("dashboard.groups.area"), t("dashboard.groups.groups")]}
          rows={view.activeGroups.map((area) => ({ header: areaNameById(servedAreas, area.areaId, i18n.language), text: count(area.groups) }))}
        />
      )}
    </section>
  );
}
