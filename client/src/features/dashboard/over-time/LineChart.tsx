import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber, type CellValue } from '../dashboard-view';

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

/** A tidy top for the y axis: 1, 2 or 5 times a power of ten. */
function niceCeiling(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return ([1, 2, 5, 10].find((step) => step * power >= value) ?? 10) * power;
}

/**
 * A measure over time, a line per region (the chosen one drawn bold). Hand-drawn SVG: a line breaks
 * where a value is hidden or missing rather than dropping to zero, and a hidden point is an open
 * square whose tooltip says "< k".
 */
export function LineChart({ label, periods, series, k }: LineChartProps): ReactElement {
  const { t, i18n } = useTranslation();
  const values = series.flatMap((line) => line.points.flatMap((point) => (point.kind === 'value' ? [point.value] : [])));
  const top = niceCeiling(Math.max(0, ...values));
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const x = (index: number): number => PAD.left + (periods.length > 1 ? (index / (periods.length - 1)) * plotWidth : plotWidth / 2);
  const y = (value: number): number => PAD.top + plotHeight - (Math.max(0, value) / top) * plotHeight;
  const labelEvery = Math.ceil(periods.length / 6);
  const ticks = [0, top / 2, top];

  const segments = (points: readonly CellValue[]): string[] => {
    const paths: string[] = [];
    let current = '';
    points.forEach((point, index) => {
      if (point.kind !== 'value') {
        if (current) paths.push(current);
        current = '';
        return;
      }
      current += `${current ? 'L' : 'M'}${x(index).toFixed(1)},${y(point.value).toFixed(1)}`;
    });
    if (current) paths.push(current);
    return paths;
  };

  return (
    <figure className="line-chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label} className="line-chart-svg">
        {ticks.map((tick) => (
          <g key={tick}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(tick)} y2={y(tick)} className="chart-grid" />
            <text x={PAD.left - 6} y={y(tick) + 4} textAnchor="end" className="chart-tick">
              {formatNumber(tick, i18n.language)}
            </text>
          </g>
        ))}
        {periods.map((period, index) =>
          // Every few periods, and the last one always, never two labels on top of each other.
          (index % labelEvery === 0 && periods.length - 1 - index >= labelEvery) || index === periods.length - 1 ? (
            <text key={period.key} x={x(index)} y={HEIGHT - 8} textAnchor={index === 0 ? 'start' : index === periods.length - 1 ? 'end' : 'middle'} className="chart-tick">
              {period.short}
            </text>
          ) : null,
        )}
        {series.map((line, lineIndex) => {
          const colour = SERIES_COLOURS[lineIndex % SERIES_COLOURS.length];
          return (
            <g key={line.code} className={line.highlighted ? 'series is-highlighted' : 'series'}>
              {segments(line.points).map((path) => (
                <path key={path} d={path} fill="none" stroke={colour} strokeWidth={line.highlighted ? 3.5 : 1.75} />
              ))}
              {line.points.map((point, index) => {
                const period = periods[index];
                if (point.kind === 'missing') return null;
                if (point.kind === 'suppressed') {
                  return (
                    <rect key={period.key} x={x(index) - 4} y={PAD.top + plotHeight - 8} width={8} height={8} fill="white" stroke={colour} strokeDasharray="2 1">
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
