import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { CellText } from '../CellText';
import type { CellValue } from '../dashboard-view';

export interface Bar {
  code: string;
  name: string;
  cell: CellValue;
  drillable: boolean;
}

interface BarChartProps {
  label: string;
  bars: readonly Bar[];
  k: number | null;
  onDrill: (code: string) => void;
  drillLabel: (bar: Bar) => string;
}

/**
 * One measure by region as horizontal bars, largest first: plain HTML, so it reads as a list to a
 * screen reader, wraps at 360 px and prints. A hidden cell is a hatched stub marked "< k", a missing
 * one an empty track marked "—": neither is drawn as zero.
 */
export function BarChart({ label, bars, k, onDrill, drillLabel }: BarChartProps): ReactElement {
  const { t } = useTranslation();
  const max = Math.max(0, ...bars.map((bar) => (bar.cell.kind === 'value' ? bar.cell.value : 0)));
  const ordered = [...bars].sort((a, b) => {
    const value = (bar: Bar) => (bar.cell.kind === 'value' ? bar.cell.value : -Infinity);
    return value(b) - value(a) || a.name.localeCompare(b.name, 'id');
  });
  return (
    <figure className="bar-chart" aria-label={label}>
      <ul className="bar-list">
        {ordered.map((bar) => {
          const share = bar.cell.kind === 'value' && max > 0 ? Math.max(0, bar.cell.value) / max : 0;
          const name = bar.drillable ? (
            <button type="button" className="link-button" onClick={() => onDrill(bar.code)} aria-label={drillLabel(bar)}>
              {bar.name}
            </button>
          ) : (
            bar.name
          );
          return (
            <li key={bar.code} className="bar-row" title={bar.cell.kind === 'suppressed' ? t('dashboard.suppressedTitle', { k: k ?? '' }) : undefined}>
              <span className="bar-name">{name}</span>
              <span className="bar-track" aria-hidden="true">
                {bar.cell.kind === 'value' && <span className="bar-fill" style={{ width: `${(share * 100).toFixed(2)}%` }} />}
                {bar.cell.kind === 'suppressed' && <span className="bar-fill bar-fill--suppressed" />}
              </span>
              <span className="bar-value">
                <CellText cell={bar.cell} k={k} />
              </span>
            </li>
          );
        })}
      </ul>
    </figure>
  );
}
