import type { ReactElement } from 'react';
import { useCompletenessTexts } from './texts';
import type { CompletenessHistoryItem } from './completeness-api';
import { CountsTable } from './CountsTable';

interface RateChartProps {
  items: CompletenessHistoryItem[];
  /** A period key for people. */
  label: (periodKey: string) => string;
  /** The same, shorter, under the chart. */
  shortLabel: (periodKey: string) => string;
  /** The theme's region level in words, lowercase (`kelurahan`). */
  levelWord: string;
  now?: Date;
}

const percent = (value: number): string => `${Math.round(value * 100)}%`;
const BAR = 10;
const GAP = 2;

/** A period whose deadline is still ahead: its low rate is not yet a failure. */
const isRunning = (item: CompletenessHistoryItem, now: Date): boolean => item.dueAt !== null && new Date(item.dueAt) > now;

/**
 * The share of regions that reported per period as stacked bars (on time, then late), drawn by hand
 * in SVG; the same numbers are in the table under it for whoever cannot see the chart.
 */
export function RateChart({ items, label, shortLabel, levelWord, now = new Date() }: RateChartProps): ReactElement {
  const k = useCompletenessTexts();
  const last = items[items.length - 1];
  const summary = k('chartLabel', {
    level: levelWord,
    from: label(items[0].periodKey),
    to: label(last.periodKey),
    last: percent(last.rate),
  });
  const width = items.length * (BAR + GAP);
  return (
    <div className="completeness-chart">
      <div className="completeness-chart-plot">
        <div className="completeness-chart-axis" aria-hidden="true">
          <span>100%</span>
          <span>50%</span>
          <span>0%</span>
        </div>
        <svg role="img" aria-label={summary} viewBox={`0 0 ${width} 100`} preserveAspectRatio="none" className="completeness-chart-svg">
          <line x1="0" x2={width} y1="50" y2="50" className="completeness-chart-grid" />
          {items.map((item, index) => {
            const x = index * (BAR + GAP) + GAP / 2;
            const onTime = item.due ? (item.onTime / item.due) * 100 : 0;
            const late = item.due ? (item.late / item.due) * 100 : 0;
            return (
              <g key={item.periodKey} className={isRunning(item, now) ? 'completeness-bar completeness-bar--running' : 'completeness-bar'}>
                <title>{`${label(item.periodKey)}: ${percent(item.rate)} (${k('onTime')} ${item.onTime}, ${k('late')} ${item.late}, ${k('missing')} ${item.missing})`}</title>
                <rect x={x} width={BAR} y={0} height={100} className="completeness-bar-track" />
                <rect x={x} width={BAR} y={100 - onTime} height={onTime} className="completeness-bar-on-time" />
                <rect x={x} width={BAR} y={100 - onTime - late} height={late} className="completeness-bar-late" />
              </g>
            );
          })}
        </svg>
      </div>
      <div className="completeness-chart-ends" aria-hidden="true">
        <span>{shortLabel(items[0].periodKey)}</span>
        <span>{shortLabel(last.periodKey)}</span>
      </div>
      <ul className="completeness-legend" aria-hidden="true">
        <li>
          <span className="completeness-swatch completeness-swatch--on-time" /> {k('onTime')}
        </li>
        <li>
          <span className="completeness-swatch completeness-swatch--late" /> {k('late')}
        </li>
        <li>
          <span className="completeness-swatch completeness-swatch--missing" /> {k('missing')}
        </li>
      </ul>
      <details className="completeness-table-toggle">
        <summary>{k('showTable')}</summary>
        <div className="completeness-table-wrap">
          <CountsTable
            headLabel={k('period')}
            rows={items.map((item) => ({
              ...item,
              key: item.periodKey,
              head: (
                <>
                  {label(item.periodKey)}
                  {isRunning(item, now) && <span className="muted"> ({k('running')})</span>}
                </>
              ),
            }))}
          />
          {items.some((item) => isRunning(item, now)) && <p className="muted small">{k('runningNote')}</p>}
        </div>
      </details>
    </div>
  );
}
