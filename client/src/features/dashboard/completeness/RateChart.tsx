import type { ReactElement } from 'react';
import { scaleBand, scaleLinear } from '@visx/scale';
import { Bar } from '@visx/shape';
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
/** Drawing units per period; the SVG stretches to the panel's width. */
const STEP = 12;

/** A period whose deadline is still ahead: its low rate is not yet a failure. */
const isRunning = (item: CompletenessHistoryItem, now: Date): boolean => item.dueAt !== null && new Date(item.dueAt) > now;

/**
 * The share of regions that reported per period as stacked bars (on time, then late), drawn with visx
 * scales and bars; the same numbers are in the table under it for whoever cannot see the chart.
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
  const width = items.length * STEP;
  const xScale = scaleBand<string>({ domain: items.map((item) => item.periodKey), range: [0, width], paddingInner: 1 / 6, paddingOuter: 1 / 12 });
  // Shares of the regions due, 0–100 drawn from the bottom.
  const yScale = scaleLinear<number>({ domain: [0, 100], range: [100, 0] });
  const share = (count: number, due: number): number => (due ? (count / due) * 100 : 0);
  return (
    <div className="completeness-chart">
      <div className="completeness-chart-plot">
        <div className="completeness-chart-axis" aria-hidden="true">
          <span>100%</span>
          <span>50%</span>
          <span>0%</span>
        </div>
        <svg role="img" aria-label={summary} viewBox={`0 0 ${width} 100`} preserveAspectRatio="none" className="completeness-chart-svg">
          <line x1="0" x2={width} y1={yScale(50)} y2={yScale(50)} className="completeness-chart-grid" />
          {items.map((item) => {
            const x = xScale(item.periodKey) ?? 0;
            const onTime = share(item.onTime, item.due);
            const late = share(item.late, item.due);
            return (
              <g key={item.periodKey} className={isRunning(item, now) ? 'completeness-bar completeness-bar--running' : 'completeness-bar'}>
                <title>{`${label(item.periodKey)}: ${percent(item.rate)} (${k('onTime')} ${item.onTime}, ${k('late')} ${item.late}, ${k('missing')} ${item.missing})`}</title>
                <Bar x={x} width={xScale.bandwidth()} y={yScale(100)} height={100} className="completeness-bar-track" />
                <Bar x={x} width={xScale.bandwidth()} y={yScale(onTime)} height={yScale(0) - yScale(onTime)} className="completeness-bar-on-time" />
                <Bar x={x} width={xScale.bandwidth()} y={yScale(onTime + late)} height={yScale(onTime) - yScale(onTime + late)} className="completeness-bar-late" />
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
