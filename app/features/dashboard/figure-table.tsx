import type { ReactNode } from "react";

/**
 * The figures of a chart as a real table, with a caption: what screen readers and anyone who
 * prefers numbers read. On a phone each row becomes a card (app.css, "Data tables").
 */
export function FigureTable({ caption, columns, rows }: { caption: string; columns: readonly string[]; rows: readonly { header: string; cells: readonly ReactNode[] }[] }) {
  return (
    <table className="data-table figure-table" role="table">
      <caption>{caption}</caption>
      <thead role="rowgroup">
        <tr role="row">
          {columns.map((column, index) => (
            <th key={index} scope="col" role="columnheader">
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody role="rowgroup">
        {rows.map((row) => (
          <tr key={row.header} role="row">
            <th scope="row" role="rowheader">
              {row.header}
            </th>
            {row.cells.map((cell, index) => (
              <td key={index} role="cell" data-label={columns[index + 1]}>
                <span className="data-table__value">{cell}</span>
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
