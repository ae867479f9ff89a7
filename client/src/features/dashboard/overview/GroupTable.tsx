import type { ReactElement } from 'react';
import { CellText } from '../CellText';
import type { GroupValue, Measure } from '../dashboard-api';
import { cellValue, type CellIndex } from '../dashboard-view';
import type { TableRegion } from './RegionTable';

interface GroupTableProps {
  caption: string;
  regionHeader: string;
  measure: Measure;
  groups: readonly { value: GroupValue; label: string }[];
  regions: readonly TableRegion[];
  total: TableRegion | null;
  totalLabel: (region: TableRegion) => string;
  index: CellIndex;
  periodKey: string;
  k: number | null;
}

/** A grouped measure (`groupBy`) as a small table: a row per region, a column per group. */
export function GroupTable({ caption, regionHeader, measure, groups, regions, total, totalLabel, index, periodKey, k }: GroupTableProps): ReactElement {
  const row = (region: TableRegion, name: string, className?: string): ReactElement => (
    <tr key={region.code} className={className}>
      <th scope="row">{name}</th>
      {groups.map((group) => (
        <td key={JSON.stringify(group.value)}>
          <CellText cell={cellValue(index.get(region.code, periodKey, measure.key, group.value))} k={k} />
        </td>
      ))}
    </tr>
  );
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={caption}>
      <table className="data-table">
        <caption className="table-caption">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{regionHeader}</th>
            {groups.map((group) => (
              <th scope="col" key={JSON.stringify(group.value)}>
                {group.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{regions.map((region) => row(region, region.name))}</tbody>
        {total && <tfoot>{row(total, totalLabel(total), 'total-row')}</tfoot>}
      </table>
    </div>
  );
}
