import { Fragment, useMemo, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { CellText } from '../CellText';
import type { Measure } from '../dashboard-api';
import { cellValue, type CellIndex, type CellValue } from '../dashboard-view';

export interface TableRegion {
  code: string;
  name: string;
  /** Whether a click opens this region's own children. */
  drillable: boolean;
}

export interface RegionTableProps {
  caption: string;
  regions: readonly TableRegion[];
  /** The region the rows add up to, shown as the last row. */
  total: TableRegion | null;
  measures: readonly Measure[];
  index: CellIndex;
  periodKey: string;
  k: number | null;
  highlighted: string | null;
  onDrill: (code: string) => void;
  /** Admins: "explain this number" for a cell. */
  onExplain?: (measure: Measure, region: TableRegion) => void;
  drillLabel: (region: TableRegion) => string;
}

type SortKey = { column: 'region' } | { column: 'measure'; key: string };

/** Missing and hidden cells sort after every number, whichever the direction: they are not small values. */
function compareCells(left: CellValue, right: CellValue, direction: number): number {
  if (left.kind === 'value' && right.kind === 'value') return (left.value - right.value) * direction;
  if (left.kind === 'value') return -1;
  if (right.kind === 'value') return 1;
  return 0;
}

/** Each measure by region: sortable by any column, a region's name drills down. */
export function RegionTable(props: RegionTableProps): ReactElement {
  const { caption, regions, total, measures, index, periodKey, k, highlighted, onDrill, onExplain, drillLabel } = props;
  const { t } = useTranslation();
  const [sort, setSort] = useState<SortKey>({ column: 'region' });
  const [direction, setDirection] = useState(1);

  const sorted = useMemo(() => {
    const rows = [...regions];
    if (sort.column === 'region') return rows.sort((a, b) => a.name.localeCompare(b.name, 'id') * direction);
    const of = (region: TableRegion) => cellValue(index.get(region.code, periodKey, sort.key));
    return rows.sort((a, b) => compareCells(of(a), of(b), direction) || a.name.localeCompare(b.name, 'id'));
  }, [regions, sort, direction, index, periodKey]);

  const sortBy = (next: SortKey): void => {
    const same = next.column === sort.column && (next.column === 'region' || (sort.column === 'measure' && sort.key === next.key));
    setDirection(same ? -direction : next.column === 'region' ? 1 : -1);
    setSort(next);
  };
  const ariaSort = (column: SortKey): 'ascending' | 'descending' | undefined => {
    const active = column.column === sort.column && (column.column === 'region' || (sort.column === 'measure' && sort.key === column.key));
    return active ? (direction > 0 ? 'ascending' : 'descending') : undefined;
  };
  const header = (column: SortKey, label: string, unit?: string): ReactElement => (
    <th scope="col" aria-sort={ariaSort(column)} className={column.column === 'measure' && column.key === highlighted ? 'is-highlighted' : undefined}>
      <button type="button" className="sort-button" onClick={() => sortBy(column)} title={t('dashboard.table.sortBy', { column: label })}>
        <span>{label}</span>
        {unit && <span className="column-unit">{unit}</span>}
        <span aria-hidden="true" className="sort-mark">
          {ariaSort(column) === 'ascending' ? '▲' : ariaSort(column) === 'descending' ? '▼' : '↕'}
        </span>
      </button>
    </th>
  );

  const row = (region: TableRegion, isTotal: boolean): ReactElement => (
    <tr key={region.code} className={isTotal ? 'total-row' : undefined} data-region={region.code}>
      <th scope="row">
        {region.drillable && !isTotal ? (
          <button type="button" className="link-button" onClick={() => onDrill(region.code)} aria-label={drillLabel(region)}>
            {region.name}
          </button>
        ) : isTotal ? (
          t('dashboard.table.total', { region: region.name })
        ) : (
          region.name
        )}
      </th>
      {measures.map((measure) => {
        const cell = cellValue(index.get(region.code, periodKey, measure.key));
        return (
          <td key={measure.key} className={measure.key === highlighted ? 'is-highlighted' : undefined}>
            <CellText cell={cell} k={k} />
            {onExplain && cell.kind === 'value' && (
              <button
                type="button"
                className="explain-button"
                onClick={() => onExplain(measure, region)}
                title={t('dashboard.explain.link')}
                aria-label={t('dashboard.explain.linkFor', { measure: measure.title, region: region.name })}
              >
                ?
              </button>
            )}
          </td>
        );
      })}
    </tr>
  );

  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={caption}>
      <table className="data-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {header({ column: 'region' }, t('dashboard.table.region'))}
            {measures.map((measure) => (
              <Fragment key={measure.key}>{header({ column: 'measure', key: measure.key }, measure.title, measure.satuan)}</Fragment>
            ))}
          </tr>
        </thead>
        <tbody>{sorted.map((region) => row(region, false))}</tbody>
        {total && <tfoot>{row(total, true)}</tfoot>}
      </table>
    </div>
  );
}

