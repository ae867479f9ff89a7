import { useMemo, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { PageState } from '../../../app/PageState';
import { formatPeriod } from '../../../lib/wib';
import { CellText, SuppressedNote } from '../CellText';
import { useAggregates } from '../dashboard-api';
import { CellIndex, cellValue, groupLabel, periodKeysUpTo, RECENT_PERIODS } from '../dashboard-view';
import type { ViewContext } from '../overview/OverviewTab';
import { LineChart, type Series } from './LineChart';

interface OverTimeTabProps {
  context: ViewContext;
  /** The reader's own region: its siblings are outside what they may read. */
  rootCode: string;
}

/**
 * The chosen measure over the latest periods up to the chosen one, for the region and the regions
 * beside it (a grouped measure: the region's groups), as a line chart and the same numbers as a table.
 */
export function OverTimeTab({ context, rootCode }: OverTimeTabProps): ReactElement {
  const { t, i18n } = useTranslation();
  const { region, measure, granularity, periodKey, k } = context;
  const keys = useMemo(() => periodKeysUpTo(granularity, periodKey, RECENT_PERIODS[granularity]), [granularity, periodKey]);
  const withSiblings = region.code !== rootCode && region.parentCode !== null && region.parentCode.startsWith(rootCode);
  const over = useAggregates(
    context.slug,
    granularity === 'none' ? null : { level: region.level, region: withSiblings ? (region.parentCode as string) : region.code, period: granularity, from: keys[0], to: keys[keys.length - 1], measure: measure.key },
  );
  const periods = keys.map((key) => ({ key, label: formatPeriod(granularity, key, i18n.language), short: shortPeriod(granularity, key, i18n.language) }));

  const series = useMemo<Series[]>(() => {
    const items = over.data?.items ?? [];
    const index = new CellIndex(items);
    if (measure.groupBy) {
      return index.groups(measure.key).map((group) => ({
        code: JSON.stringify(group),
        name: groupLabel(measure, group, context.schema, context.uiSchema),
        highlighted: false,
        points: keys.map((key) => cellValue(index.get(region.code, key, measure.key, group))),
      }));
    }
    const names = new Map(items.map((item) => [item.regionCode, item.regionName ?? item.regionCode]));
    names.set(region.code, region.name);
    const codes = [region.code, ...[...names.keys()].filter((code) => code !== region.code).sort((a, b) => names.get(a)!.localeCompare(names.get(b)!, 'id'))];
    return codes.map((code) => ({ code, name: names.get(code)!, highlighted: code === region.code, points: keys.map((key) => cellValue(index.get(code, key, measure.key))) }));
  }, [over.data, measure, keys, region, context.schema, context.uiSchema]);

  if (granularity === 'none') return <p className="notice notice--info">{t('dashboard.noPeriod')}</p>;
  const anySuppressed = series.some((line) => line.points.some((point) => point.kind === 'suppressed'));
  const label = t('dashboard.chart.lines', { measure: measure.title, from: periods[0].label, to: periods[periods.length - 1].label });
  return (
    <PageState pending={over.isPending} error={over.error}>
      <h2 className="section-title">{measure.title}</h2>
      <p className="muted">{t('dashboard.overTime.lead', { measure: measure.title, region: region.name, count: keys.length, period: context.periodLabel })}</p>
      <LineChart label={label} periods={periods} series={series} k={over.data?.suppressBelow ?? k} />
      {anySuppressed && <SuppressedNote k={over.data?.suppressBelow ?? k} />}
      <details className="chart-table">
        <summary>{t('dashboard.table.showTable')}</summary>
        <div className="table-scroll" tabIndex={0} role="region" aria-label={label}>
          <table className="data-table">
            <caption className="visually-hidden">{label}</caption>
            <thead>
              <tr>
                <th scope="col">{t('dashboard.overTime.period')}</th>
                {series.map((line) => (
                  <th scope="col" key={line.code}>
                    {line.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {periods.map((period, position) => (
                <tr key={period.key}>
                  <th scope="row">{period.label}</th>
                  {series.map((line) => (
                    <td key={line.code}>
                      <CellText cell={line.points[position]} k={over.data?.suppressBelow ?? k} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </PageState>
  );
}

/** A period on a narrow axis: `Nov 26`, `W48`, `28/11`, `Q4 26`, `2026`. */
function shortPeriod(granularity: ViewContext['granularity'], key: string, language: string): string {
  switch (granularity) {
    case 'day':
      return `${key.slice(8, 10)}/${key.slice(5, 7)}`;
    case 'week':
      return key.slice(5);
    case 'month':
      return formatPeriod('month', key, language).replace(/^(\S{3})\S*\s+\d{2}(\d{2})$/, '$1 $2');
    case 'quarter':
      return `${key.slice(5)} ${key.slice(2, 4)}`;
    default:
      return key;
  }
}
