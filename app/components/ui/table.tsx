import type { ReactNode } from "react";

export type TableColumn<Row> = {
  /** The column header; on a narrow screen also the label before each value. */
  header: string;
  cell: (row: Row) => ReactNode;
  /** Buttons acting on the row: the header is for screen readers only, the card shows no label, and it never wraps. */
  action?: boolean;
  /** "no" for pseudonyms and codes: never machine-translated, and a long one may break anywhere. */
  translate?: "no";
};

/**
 * A table that stays readable on a phone: wide screens get an ordinary table; up to 36em
 * (app.css, "Data tables") each row becomes a card of "label value" lines, the label being
 * the column header carried in `data-label`. The explicit roles keep the table's meaning for
 * screen readers once CSS changes how it is displayed (some browsers drop it otherwise).
 */
export function DataTable<Row>({
  columns,
  rows,
  rowKey,
}: {
  columns: readonly TableColumn<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row, index: number) => string;
}) {
  return (
    <table className="data-table" role="table">
      <thead role="rowgroup">
        <tr role="row">
          {columns.map((column, index) => (
            <th key={index} scope="col" role="columnheader" className={column.action ? "data-table__action" : undefined}>
              {column.action ? <span className="visually-hidden">{column.header}</span> : column.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody role="rowgroup">
        {rows.map((row, rowIndex) => (
          <tr key={rowKey(row, rowIndex)} role="row">
            {columns.map((column, index) => (
              <td
                key={index}
                role="cell"
                className={column.action ? "data-table__action" : undefined}
                data-label={column.action ? undefined : column.header}
                translate={column.translate}
              >
                <span className="data-table__value">{column.cell(row)}</span>
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
