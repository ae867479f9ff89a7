import { useEffect, useId, useMemo, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api/http';
import { useRegion, useRegionChildren, useThemes, useThemeVersion } from '../../api/queries';
import type { Region, RegionLevel } from '../../api/types';
import { PageState } from '../../app/PageState';
import { themeTexts } from '../../app/i18n';
import { useCurrentUser } from '../auth/AuthProvider';
import { formatDateTime, formatPeriod } from '../../lib/wib';
import { useAggregates, type AggregatesQuery, type Granularity, type Measure } from './dashboard-api';
import { DASHBOARD_PANELS } from './dashboard-panels';
import { CellIndex, childLevel, readView, viewSearch, type DashboardTab, type DashboardView } from './dashboard-view';
import { MapTab } from './map/MapTab';
import { OverTimeTab } from './over-time/OverTimeTab';
import { OverviewTab, type ViewContext } from './overview/OverviewTab';
import { PeriodPicker } from './PeriodPicker';

const isWithin = (code: string, root: string): boolean => code === root || code.startsWith(`${root}.`);

/** One theme's numbers by region and over time, for OPD officers and admins. */
export function DashboardPage(): ReactElement {
  const { slug = '' } = useParams();
  const { t, i18n } = useTranslation();
  const user = useCurrentUser();
  const [search, setSearch] = useSearchParams();
  const [now] = useState(() => new Date());
  const themes = useThemes();
  const summary = themes.data?.find((theme) => theme.slug === slug);
  const version = useThemeVersion(slug, summary?.latestVersion);
  const themePeriod: Granularity = summary?.period ?? 'none';
  const view = readView(search, themePeriod, now);
  const regionCode = view.region && isWithin(view.region, user.regionCode) ? view.region : user.regionCode;
  const region = useRegion(regionCode);
  const themeLevel = summary?.regionLevel ?? 'kelurahan';
  const level = region.data?.level;
  const child = level ? childLevel(level, themeLevel) : null;
  const children = useRegionChildren(regionCode, child !== null);

  const setView = (change: Partial<DashboardView>): void => setSearch(viewSearch({ ...view, ...change }));
  const range = view.granularity === 'none' ? {} : { from: view.periodKey, to: view.periodKey };
  const rowsQuery: AggregatesQuery | null = level ? { level: child ?? level, region: regionCode, period: view.granularity, ...range } : null;
  const totalQuery: AggregatesQuery | null = level && child ? { level, region: regionCode, period: view.granularity, ...range } : null;
  const rows = useAggregates(slug, rowsQuery);
  const totals = useAggregates(slug, totalQuery);

  const title = summary ? themeTexts(summary, i18n.language).title : slug;
  useEffect(() => {
    document.title = `${title} — ${t('dashboard.title')} — Wakuncar`;
  }, [title, t]);

  const periodKey = view.granularity === 'none' ? 'all' : view.periodKey;
  const periodLabel = view.granularity === 'none' ? t('dashboard.noPeriod') : formatPeriod(view.granularity, view.periodKey, i18n.language);
  const readable = rows.data?.measures;
  const measures = useMemo<Measure[]>(() => {
    const all = (version.data as { aggregations?: Measure[] } | undefined)?.aggregations ?? [];
    return readable ? all.filter((measure) => readable.includes(measure.key)) : all;
  }, [version.data, readable]);
  const measure = measures.find((entry) => entry.key === view.measure) ?? measures.find((entry) => !entry.groupBy) ?? measures[0] ?? null;
  const index = useMemo(() => new CellIndex([...(rows.data?.items ?? []), ...(totals.data?.items ?? [])]), [rows.data, totals.data]);
  const tableRegions = useMemo(() => {
    const list: Region[] = child ? (children.data ?? []) : region.data ? [region.data] : [];
    return list.map((entry) => ({ code: entry.code, name: entry.name, drillable: childLevel(entry.level, themeLevel) !== null }));
  }, [child, children.data, region.data, themeLevel]);

  const tabs: { tab: DashboardTab; label: string }[] = [
    { tab: 'ringkasan', label: t('dashboard.tabs.overview') },
    { tab: 'peta', label: t('dashboard.tabs.map') },
    { tab: 'waktu', label: t('dashboard.tabs.overTime') },
    ...DASHBOARD_PANELS.map((panel) => ({ tab: panel.tab, label: t(panel.label) })),
  ];
  const activeTab = tabs.some((entry) => entry.tab === view.tab) ? view.tab : 'ringkasan';
  const tabsId = useId();
  const measureId = useId();

  // Over time asks for its own cells: it starts as soon as the theme and the region are known,
  // beside the overview's reads rather than after them.
  const overviewPending = (child !== null && children.isPending) || rows.isPending;
  const pending = themes.isPending || version.isPending || region.isPending || (activeTab !== 'waktu' && overviewPending);
  const error = themes.error ?? version.error ?? region.error ?? children.error ?? rows.error ?? totals.error ?? (themes.data && !summary ? new ApiError({ status: 404, code: 'THEME_NOT_FOUND' }) : null);
  const breadcrumb = region.data ? [...(region.data.path ?? []).filter((entry) => isWithin(entry.code, user.regionCode)), region.data] : [];
  const levelName = (of: RegionLevel | null | undefined): string => (of ? t(`dashboard.levels.${of}`) : '');
  const context: ViewContext | null =
    region.data && measure && level
      ? {
          slug,
          themeTitle: title,
          region: region.data,
          rowLevel: child ?? level,
          levelName: levelName(child ?? level),
          periodKey,
          periodLabel,
          granularity: view.granularity,
          measures,
          measure,
          index,
          k: rows.data?.suppressBelow ?? null,
          regions: tableRegions,
          total: child ? { code: region.data.code, name: region.data.name, drillable: false } : null,
          schema: version.data?.schema,
          uiSchema: version.data?.uiSchema,
          canExplain: user.role === 'admin',
          onDrill: (code) => setView({ region: code }),
          drillLabel: (entry) => t('dashboard.table.drill', { region: entry.name, level: levelName(child ? childLevel(child, themeLevel) : null) }),
        }
      : null;

  return (
    <div className="page dashboard">
      <div className="page-head">
        <div>
          <p className="breadcrumb no-print">
            <Link to="/dasbor">{t('dashboard.title')}</Link>
          </p>
          <h1 className="page-title">{title}</h1>
        </div>
        <button type="button" className="button button--secondary no-print" onClick={() => window.print()}>
          {t('dashboard.print')}
        </button>
      </div>
      <div className="print-only print-heading">
        <p>{t('dashboard.printHeading', { theme: title, region: region.data?.name ?? '', period: periodLabel })}</p>
        <p className="small">{t('dashboard.printedOn', { date: formatDateTime(now, i18n.language) })}</p>
      </div>

      <PageState pending={pending} error={error}>
        <section className="dashboard-controls no-print" aria-label={t('dashboard.controls')}>
          <div className="field">
            <label className="field-label" htmlFor={measureId}>
              {t('dashboard.measure')}
            </label>
            <select id={measureId} className="input" value={measure?.key ?? ''} onChange={(event) => setView({ measure: event.target.value })}>
              {measures.map((entry) => (
                <option key={entry.key} value={entry.key}>
                  {entry.title}
                </option>
              ))}
            </select>
          </div>
          <PeriodPicker
            themePeriod={themePeriod}
            granularity={view.granularity}
            periodKey={view.periodKey}
            now={now}
            onChange={(granularity, key) => setView({ granularity, periodKey: key })}
          />
        </section>

        <nav className="dashboard-breadcrumb" aria-label={t('dashboard.breadcrumb')}>
          <ol>
            {breadcrumb.map((entry, position) => (
              <li key={entry.code}>
                {position === breadcrumb.length - 1 ? (
                  <span aria-current="location">{entry.name}</span>
                ) : (
                  <Link to={{ search: viewSearch({ ...view, region: entry.code }).toString() }}>{entry.name}</Link>
                )}
              </li>
            ))}
          </ol>
        </nav>

        <div className="dashboard-tabs no-print" role="tablist" aria-label={t('dashboard.tabs.label')}>
          {tabs.map((entry) => (
            <button
              key={entry.tab}
              type="button"
              role="tab"
              id={`${tabsId}-${entry.tab}`}
              aria-selected={entry.tab === activeTab}
              aria-controls={`${tabsId}-panel`}
              className="dashboard-tab"
              onClick={() => setView({ tab: entry.tab })}
            >
              {entry.label}
            </button>
          ))}
        </div>
        <div role="tabpanel" id={`${tabsId}-panel`} aria-labelledby={`${tabsId}-${activeTab}`} className="dashboard-panel">
          {context && activeTab === 'ringkasan' && <OverviewTab context={context} />}
          {context && activeTab === 'peta' && <MapTab context={context} />}
          {context && activeTab === 'waktu' && <OverTimeTab context={context} rootCode={user.regionCode} />}
          {DASHBOARD_PANELS.filter((panel) => panel.tab === activeTab).map(({ tab, Panel }) => (
            <Panel key={tab} slug={slug} period={view.granularity} periodKey={periodKey} regionCode={regionCode} level={child ?? level ?? themeLevel} measure={measure?.key ?? null} />
          ))}
          {!measure && <p className="empty">{t('dashboard.noDataAtAll')}</p>}
        </div>
      </PageState>
    </div>
  );
}

