import { useId, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { useRegion, useThemes } from '../../../api/queries';
import { REGION_LEVELS, type RegionLevel } from '../../../api/types';
import { PageState } from '../../../app/PageState';
import { formatDate, formatDateTime, formatPeriod } from '../../../lib/wib';
import type { DashboardPanelProps } from '../dashboard-panels';
import { COMPLETENESS_PAGE, useCompleteness, useCompletenessHistory, type CompletenessItem, type CompletenessReport } from './completeness-api';
import { completenessPeriods } from './completeness-period';
import { CountsTable } from './CountsTable';
import { RateChart } from './RateChart';
import './completeness.css';
import { useCompletenessTexts } from './texts';

/** Late ones first (with when they came), then those still missing, each in region order. */
function lateThenMissing(items: CompletenessItem[]): CompletenessItem[] {
  const rank = (item: CompletenessItem): number => (item.status === 'late' ? 0 : 1);
  return items.filter((item) => item.status !== 'on_time').sort((a, b) => rank(a) - rank(b) || a.regionCode.localeCompare(b.regionCode));
}

/** On time, late and missing for the chosen period, who is late or missing, and the rate over time. */
export function CompletenessPanel({ slug, period, periodKey, regionCode, level }: DashboardPanelProps): ReactElement {
  const { t, i18n } = useTranslation();
  const k = useCompletenessTexts();
  const headingId = useId();
  const themes = useThemes();
  const region = useRegion(regionCode);
  const theme = themes.data?.find((candidate) => candidate.slug === slug);
  const themePeriod = theme?.period ?? 'none';
  const periods = theme ? completenessPeriods(themePeriod, period, periodKey) : null;
  const report = useCompleteness(slug, periods?.key ?? null, regionCode);
  const history = useCompletenessHistory(slug, periods?.from ?? null, periods?.key ?? null, regionCode);

  const label = (key: string): string => formatPeriod(themePeriod, key, i18n.language);
  // The chart's ends are narrow on a phone: a day there goes without its weekday.
  const shortLabel = (key: string): string => (themePeriod === 'day' ? formatDate(key, i18n.language, false) : label(key));
  const levelName = (value: string): string => t(`regionLevels.${value}`);
  const themeLevel = theme?.regionLevel ?? 'kelurahan';
  const levelWord = levelName(themeLevel).toLowerCase();

  return (
    <section className="card completeness" aria-labelledby={headingId}>
      <h2 className="section-title" id={headingId}>
        {k('title')}
      </h2>
      <PageState pending={themes.isPending} error={themes.error}>
        {theme && !periods ? (
          <p className="muted">{k('notPeriodic')}</p>
        ) : (
          <PageState pending={report.isPending} error={report.error} onRetry={() => void report.refetch()}>
            {report.data && periods && (
              <>
                <p className="completeness-lead">
                  {k('lead', { period: label(report.data.periodKey), level: levelName(themeLevel), region: region.data?.name ?? regionCode })}
                </p>
                {periods.coarser && <p className="muted small">{k('leadDay', { unit: k(`periodUnits.${themePeriod}`), period: label(periods.key) })}</p>}
                <p className="muted small">{report.data.dueAt ? k('dueAt', { time: formatDateTime(report.data.dueAt, i18n.language) }) : k('noDeadline')}</p>
                <Counts report={report.data} levelName={levelName(themeLevel)} levelWord={levelWord} />
                <PerRegion report={report.data} level={level} themeLevel={themeLevel} levelName={levelName} />
                <LateAndMissing report={report.data} levelName={levelName(themeLevel)} levelWord={levelWord} scope={regionCode} />
              </>
            )}
          </PageState>
        )}
        {periods && (
          <>
            <h3 className="completeness-subtitle">{k('overTime')}</h3>
            <PageState pending={history.isPending} error={history.error} onRetry={() => void history.refetch()}>
              {history.data && history.data.length > 0 && <RateChart items={history.data} label={label} shortLabel={shortLabel} levelWord={levelWord} />}
            </PageState>
          </>
        )}
      </PageState>
    </section>
  );
}

function Counts({ report, levelName, levelWord }: { report: CompletenessReport; levelName: string; levelWord: string }): ReactElement {
  const k = useCompletenessTexts();
  const count = (status: CompletenessItem['status']): number => report.items.filter((item) => item.status === status).length;
  const total = report.items.length;
  const rate = total ? Math.round(((total - count('missing')) / total) * 100) : 0;
  return (
    <>
      <p className="completeness-total">
        {k('summary', { total, level: levelName, levelWord })} · {k('rate')} {rate}%
      </p>
      <dl className="summary completeness-counts">
        <div className="summary-item summary-item--success">
          <dt>{k('onTime')}</dt>
          <dd className="summary-number">{count('on_time')}</dd>
        </div>
        <div className="summary-item summary-item--warning">
          <dt>{k('late')}</dt>
          <dd className="summary-number">{count('late')}</dd>
        </div>
        <div className="summary-item summary-item--danger">
          <dt>{k('missing')}</dt>
          <dd className="summary-number">{count('missing')}</dd>
        </div>
      </dl>
    </>
  );
}

interface PerRegionProps {
  report: CompletenessReport;
  level: string;
  themeLevel: RegionLevel;
  levelName: (level: string) => string;
}

/** On time, late and missing per region of the dashboard's level, when that level is above the theme's. */
function PerRegion({ report, level, themeLevel, levelName }: PerRegionProps): ReactElement | null {
  const k = useCompletenessTexts();
  const rows = report.rollup.filter((row) => row.level === level);
  if (REGION_LEVELS.indexOf(level as RegionLevel) >= REGION_LEVELS.indexOf(themeLevel) || rows.length < 2) return null;
  return (
    <>
      <h3 className="completeness-subtitle">{k('perRegion', { level: levelName(level).toLowerCase() })}</h3>
      <div className="completeness-table-wrap">
        <CountsTable
          headLabel={levelName(level)}
          rows={rows.map((row) => ({ ...row, key: row.regionCode, head: row.regionName, due: row.expected }))}
        />
      </div>
    </>
  );
}

interface LateAndMissingProps {
  report: CompletenessReport;
  levelName: string;
  levelWord: string;
  scope: string;
}

function LateAndMissing({ report, levelName, levelWord, scope }: LateAndMissingProps): ReactElement {
  const { i18n } = useTranslation();
  const k = useCompletenessTexts();
  const listed = lateThenMissing(report.items);
  // Where the scope holds several parents, each region is named with its parent's name too.
  const parents = new Map(report.rollup.filter((row) => row.regionCode !== scope).map((row) => [row.regionCode, row.regionName]));
  const parentOf = (code: string): string | undefined => parents.get(code.split('.').slice(0, -1).join('.'));
  return (
    <>
      <h3 className="completeness-subtitle">{k('lateAndMissing', { level: levelName })}</h3>
      {listed.length === 0 ? (
        <p className="empty">{k('allOnTime', { level: levelWord })}</p>
      ) : (
        <div className="completeness-table-wrap completeness-list">
          <table className="completeness-table">
            <thead>
              <tr>
                <th scope="col">{k('region')}</th>
                <th scope="col">{k('status')}</th>
              </tr>
            </thead>
            <tbody>
              {listed.map((item) => (
                <tr key={item.regionCode}>
                  <th scope="row">
                    {item.regionName}
                    {parentOf(item.regionCode) && <span className="muted small completeness-parent">{parentOf(item.regionCode)}</span>}
                  </th>
                  <td>
                    <span className={item.status === 'late' ? 'badge badge--warning' : 'badge badge--danger'}>{k(item.status === 'late' ? 'late' : 'missing')}</span>
                    {item.submittedAt && <span className="completeness-sent">{k('sentAt', { time: formatDateTime(item.submittedAt, i18n.language) })}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {report.nextCursor && <p className="muted small">{k('moreRegions', { shown: COMPLETENESS_PAGE })}</p>}
    </>
  );
}
