import { REGION_LEVELS, type RegionLevel } from '../../api/types';
import { periodKey, previousPeriodKey } from '../../lib/wib';
import type { AggregateItem, Granularity, GroupValue, Measure } from './dashboard-api';

/** What the dashboard shows, all of it in the address so a view is a link to share. */
export interface DashboardView {
  measure: string | null;
  granularity: Granularity;
  periodKey: string;
  region: string | null;
  tab: DashboardTab;
}

export const DASHBOARD_TABS = ['ringkasan', 'peta', 'waktu', 'kelengkapan', 'unduhan'] as const;
export type DashboardTab = (typeof DASHBOARD_TABS)[number];

/** The query parameters of a view (Indonesian, like the rest of the app's addresses). */
export const VIEW_PARAMS = { measure: 'ukuran', granularity: 'per', periodKey: 'periode', region: 'wilayah', tab: 'tampil' } as const;

const TIME_ORDER: Granularity[] = ['day', 'week', 'month', 'quarter', 'year'];

/** The theme's own granularity and every coarser one (a daily theme can be read by week and month). */
export function granularitiesFor(themePeriod: Granularity): Granularity[] {
  return themePeriod === 'none' ? ['none'] : TIME_ORDER.slice(TIME_ORDER.indexOf(themePeriod));
}

/** How many periods the picker offers and the over-time chart draws, by granularity. */
export const RECENT_PERIODS: Record<Granularity, number> = { day: 31, week: 26, month: 12, quarter: 8, year: 5, none: 1 };

/** The `count` latest period keys up to `latest`, oldest first. */
export function periodKeysUpTo(granularity: Granularity, latest: string, count: number): string[] {
  if (granularity === 'none') return ['all'];
  const keys = [latest];
  while (keys.length < count) {
    const previous = previousPeriodKey(granularity, keys[0]);
    if (!previous) break;
    keys.unshift(previous);
  }
  return keys;
}

export function currentPeriodKey(granularity: Granularity, now: Date): string {
  return granularity === 'none' ? 'all' : (periodKey(granularity, now) ?? 'all');
}

/** Reads a view from the address, falling back to the theme's defaults for what is missing or not allowed. */
export function readView(search: URLSearchParams, themePeriod: Granularity, now: Date): DashboardView {
  const allowed = granularitiesFor(themePeriod);
  const requested = search.get(VIEW_PARAMS.granularity) as Granularity | null;
  const granularity = requested && allowed.includes(requested) ? requested : allowed[0];
  const tab = search.get(VIEW_PARAMS.tab) as DashboardTab | null;
  return {
    measure: search.get(VIEW_PARAMS.measure),
    granularity,
    periodKey: search.get(VIEW_PARAMS.periodKey) || currentPeriodKey(granularity, now),
    region: search.get(VIEW_PARAMS.region),
    tab: tab && DASHBOARD_TABS.includes(tab) ? tab : 'ringkasan',
  };
}

/** The address of a view: only what differs from the defaults is written. */
export function viewSearch(view: DashboardView): URLSearchParams {
  const search = new URLSearchParams();
  if (view.measure) search.set(VIEW_PARAMS.measure, view.measure);
  search.set(VIEW_PARAMS.granularity, view.granularity);
  if (view.granularity !== 'none') search.set(VIEW_PARAMS.periodKey, view.periodKey);
  if (view.region) search.set(VIEW_PARAMS.region, view.region);
  if (view.tab !== 'ringkasan') search.set(VIEW_PARAMS.tab, view.tab);
  return search;
}

/** The level a region drills down to for this theme; null at the theme's own level (nothing below holds data). */
export function childLevel(level: RegionLevel, themeLevel: RegionLevel): RegionLevel | null {
  const index = REGION_LEVELS.indexOf(level);
  return index < REGION_LEVELS.indexOf(themeLevel) ? REGION_LEVELS[index + 1] : null;
}

/** A cell's value, or how it is missing: hidden ("< k") and absent ("—") are never zero. */
export type CellValue = { kind: 'value'; value: number } | { kind: 'suppressed' } | { kind: 'missing' };

export function cellValue(item: AggregateItem | undefined): CellValue {
  if (!item) return { kind: 'missing' };
  if (item.suppressed) return { kind: 'suppressed' };
  return item.value === null ? { kind: 'missing' } : { kind: 'value', value: item.value };
}

/** Cells of one period by region, measure and group, for constant-time lookups while drawing. */
export class CellIndex {
  private readonly cells = new Map<string, AggregateItem>();

  constructor(items: readonly AggregateItem[]) {
    for (const item of items) this.cells.set(CellIndex.key(item.regionCode, item.periodKey, item.measure, item.group), item);
  }

  private static key(region: string, period: string, measure: string, group: GroupValue): string {
    return `${region}|${period}|${measure}|${JSON.stringify(group)}`;
  }

  get(region: string, period: string, measure: string, group: GroupValue = null): AggregateItem | undefined {
    return this.cells.get(CellIndex.key(region, period, measure, group));
  }

  /** The groups a grouped measure has in these cells, in first-seen order. */
  groups(measure: string): GroupValue[] {
    const seen = new Map<string, GroupValue>();
    for (const item of this.cells.values()) if (item.measure === measure && item.group !== null) seen.set(JSON.stringify(item.group), item.group);
    return [...seen.values()];
  }
}

type SchemaNode = { [keyword: string]: unknown };
const isNode = (value: unknown): value is SchemaNode => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A group's words from the theme's own schema (`oneOf` titles or `ui:enumNames`), so the reader sees
 * "Sangat pendek", never the stored value `sangat_pendek`; the value itself when the theme names none.
 */
export function groupLabel(measure: Measure, group: GroupValue, schema: unknown, uiSchema: unknown): string {
  const name = measure.groupBy?.split('/').pop() ?? '';
  const property = isNode(schema) && isNode(schema.properties) ? schema.properties[name] : undefined;
  if (isNode(property)) {
    if (Array.isArray(property.oneOf)) {
      const option = property.oneOf.find((entry) => isNode(entry) && entry.const === group);
      if (isNode(option) && typeof option.title === 'string') return option.title;
    }
    const names = isNode(uiSchema) && isNode(uiSchema[name]) ? uiSchema[name]['ui:enumNames'] : undefined;
    if (Array.isArray(property.enum) && Array.isArray(names)) {
      const label: unknown = names[property.enum.indexOf(group)];
      if (typeof label === 'string') return label;
    }
  }
  if (typeof group === 'string') return group.replace(/_/g, ' ').replace(/^./, (first) => first.toUpperCase());
  return String(group);
}
