import type { ReactElement, ReactNode } from 'react';
import { useCompletenessTexts } from './texts';

export interface CountsRow {
  key: string;
  /** The row's heading cell: a region's or a period's name. */
  head: ReactNode;
  due: number;
  onTime: number;
  late: number;
  missing: number;
  /** 0–1. */
  rate: number;
}

/** Due, on time, late, missing and rate, one row per region or period. */
export function CountsTable({ headLabel, rows }: { headLabel: string; rows: CountsRow[] }): ReactElement {
  const k = useCompletenessTexts();
  return (
    <table className="completeness-table">
      <thead>
        <tr>
          <th scope="col">{headLabel}</th>
          <th scope="col">{k('due')}</th>
          <th scope="col">{k('onTime')}</th>
          <th scope="col">{k('late')}</th>
          <th scope="col">{k('missing')}</th>
          <th scope="col">{k('rate')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key}>
            <th scope="row">{row.head}</th>
            <td>{row.due}</td>
            <td>{row.onTime}</td>
            <td>{row.late}</td>
            <td>{row.missing}</td>
            <td>{Math.round(row.rate * 100)}%</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
