import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { AxisBottom, AxisLeft } from '@visx/axis';
import { GridRows } from '@visx/grid';
import { Group } from '@visx/group';
import { scaleLinear, scalePoint } from '@visx/scale';
import { LinePath } from '@visx/shape';
import { type CellValue } from '../dashboard-view';
import { formatNumber } from '../../../lib/format-number';

export interface Series {
  code: string;
  name: string;
  highlighted: boolean;
  /** One value per period, in the order of `periods`. */
  points: readonly CellValue[];
}

interface LineChartProps {
  label: string;
  periods: readonly { key: string; label: string; short: string }[];
  series: readonly Series[];
  k: number | null;
}

// Okabe–Ito: told apart by people with the common colour-vision deficiencies, and in greyscale print.
export const SERIES_COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#999999'];

const WIDTH = 640;
const HEIGHT = 260;
const PAD = { top: 12, right: 12, bottom: 28, left: 48 };

/**
 * A measure over time, a line per region (the chosen one drawn bold), drawn with visx (scales, axes and
 * line shapes; SVG, so each point carries its own text for a screen reader and a tooltip). A line breaks
 * where a value is hidden or missing rather than dropping to zero, and a hidden point is an open square
 * whose tooltip says "< k".
 */
export function LineChart({ label, periods, series, k }: LineChartProps): ReactElement {
  const { t, i18n } = useTranslation();
  const values = series.flatMap((line) => line.points.flatMap((point) => (point.kind === 'value' ? [point.value] : [])));
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const xScale = scalePoint<number>({ domain: periods.map((_, index) => index), range: [0, plotWidth], align: 0.5 });
  const yScale = scaleLinear<number>({ domain: [0, Math.max(1, ...values)], range: [plotHeight, 0], nice: 4 });
  const x = (index: number): number => xScale(index) ?? 0;
  const y = (value: number): number => yScale(Math.max(0, value));
  const labelEvery = Math.ceil(periods.length / 6);
  // Every few periods, and the last one always, never two labels on top of each other.
  const shownPeriods = periods
    .map((_, index) => index)
    .filter((index) => (index % labelEvery === 0 && periods.length - 1 - index >= labelEvery) || index === periods.length - 1);
  // The same count as nice: the top of the axis is a labelled tick.
  const ticks = yScale.ticks(4);

  return (
    <figure className="line-chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label} className="line-chart-svg">
        <Group left={PAD.left} top={PAD.top}>
          <GridRows scale={yScale} width={plotWidth} tickValues={ticks} lineStyle={{ stroke: 'var(--grey-200)' }} />
          <AxisLeft
            scale={yScale}
            tickValues={ticks}
            hideAxisLine
            hideTicks
            tickFormat={(value) => formatNumber(Number(value), i18n.language)}
            tickLabelProps={{ className: 'chart-tick', fill: undefined, fontSize: undefined }}
          />
          <AxisBottom
            top={plotHeight}
            scale={xScale}
            tickValues={shownPeriods}
            hideAxisLine
            hideTicks
            tickFormat={(index) => periods[index]?.short ?? ''}
            tickLabelProps={(_, index, all) => ({
              className: 'chart-tick',
              fill: undefined,
              fontSize: undefined,
              // The first and last labels stay inside the plot at 360 px.
              textAnchor: index === 0 && all.length > 1 ? 'start' : index === all.length - 1 && all.length > 1 ? 'end' : 'middle',
            })}
          />
          {series.map((line, lineIndex) => {
            const colour = SERIES_COLOURS[lineIndex % SERIES_COLOURS.length];
            const indexed = line.points.map((point, index) => ({ point, index }));
            return (
              <g key={line.code} className={line.highlighted ? 'series is-highlighted' : 'series'}>
                <LinePath
                  data={indexed}
                  x={(datum) => x(datum.index)}
                  y={(datum) => (datum.point.kind === 'value' ? y(datum.point.value) : 0)}
                  defined={(datum) => datum.point.kind === 'value'}
                  fill="none"
                  stroke={colour}
                  strokeWidth={line.highlighted ? 3.5 : 1.75}
                />
                {indexed.map(({ point, index }) => {
                  const period = periods[index];
                  if (point.kind === 'missing') return null;
                  if (point.kind === 'suppressed') {
                    return (
                      <rect key={period.key} x={x(index) - 4} y={plotHeight - 8} width={8} height={8} fill="white" stroke={colour} strokeDasharray="2 1">
                        <title>{`${line.name}, ${period.label}: ${t('dashboard.suppressed', { k: k ?? '' })} — ${t('dashboard.suppressedTitle', { k: k ?? '' })}`}</title>
                      </rect>
                    );
                  }
                  return (
                    <circle key={period.key} cx={x(index)} cy={y(point.value)} r={line.highlighted ? 4 : 3} fill={colour}>
                      <title>{`${line.name}, ${period.label}: ${formatNumber(point.value, i18n.language)}`}</title>
                    </circle>
                  );
                })}
              </g>
            );
          })}
        </Group>
      </svg>
      <figcaption>
        <ul className="chart-legend">
          {series.map((line, lineIndex) => (
            <li key={line.code} className={line.highlighted ? 'is-highlighted' : undefined}>
              <span className="legend-swatch" style={{ background: SERIES_COLOURS[lineIndex % SERIES_COLOURS.length] }} aria-hidden="true" />
              {line.name}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
