import type { ComponentType } from 'react';
import { CompletenessPanel } from './completeness/CompletenessPanel';
import { DownloadsPanel } from './downloads/DownloadsPanel';
import type { RegionLevel } from '../../api/types';
import type { Granularity } from './dashboard-api';
import type { DashboardTab } from './dashboard-view';

/** What every panel of the dashboard is given: the view on screen. */
export interface DashboardPanelProps {
  slug: string;
  /** The granularity the view reads (`month`, or `none` for a theme without periods). */
  period: Granularity;
  /** The chosen period's key (`2026-11`; `all` without periods). */
  periodKey: string;
  /** The region whose children are shown. */
  regionCode: string;
  /** The level of the rows shown (the region's children; the region's own level at the theme's level). */
  level: RegionLevel;
  /** The chosen measure's key. */
  measure: string | null;
}

export interface DashboardPanel {
  tab: Extract<DashboardTab, 'kelengkapan' | 'unduhan'>;
  /** i18n key of the tab's name. */
  label: string;
  Panel: ComponentType<DashboardPanelProps>;
}

/**
 * Panels built beside this page (completeness, downloads), each a tab after the dashboard's own;
 * a tab appears once its panel is listed here.
 */
export const DASHBOARD_PANELS: readonly DashboardPanel[] = [
  { tab: 'kelengkapan', label: 'dashboard.tabs.completeness', Panel: CompletenessPanel },
  { tab: 'unduhan', label: 'dashboard.tabs.downloads', Panel: DownloadsPanel },
];

