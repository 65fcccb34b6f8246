import type { BarChartLayout } from "./bar-chart-layout";
import { BarChart } from "./bar-chart";
import { FigureTable } from "./figure-table";

type Row = { header: string; text: string };

/**
 * A section's figures as a bar chart of its rows and, after it, the same rows as a table of
 * one value each (with `moreRows`, such as a total or a rate, in the table only).
 */
export function CountsFigure(props: {
  id: string;
  chartTitle: string;
  chartDescription: string;
  layout: BarChartLayout;
  caption: string;
  columns: readonly [string, string];
  rows: readonly Row[];
  moreRows?: readonly Row[];
}) {
  return (
    <>
      <BarChart id={props.id} title={props.chartTitle} description={props.chartDescription} layout={props.layout} bars={props.rows.map((row) => ({ label: row.header, text: row.text }))} />
      <FigureTable caption={props.caption} columns={props.columns} rows={[...props.rows, ...(props.moreRows ?? [])].map((row) => ({ header: row.header, cells: [row.text] }))} />
    </>
  );
}
