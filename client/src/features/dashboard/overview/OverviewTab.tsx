import { useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { Region, RegionLevel } from '../../../api/types';
import { SuppressedNote } from '../CellText';
import type { Granularity, Measure } from '../dashboard-api';
import { cellValue, groupLabel, type CellIndex } from '../dashboard-view';
import { BarChart } from './BarChart';
import { ExplainDialog } from './ExplainDialog';
import { GroupTable } from './GroupTable';
import { RegionTable, type TableRegion } from './RegionTable';

/** What the dashboard's tabs share: the view on screen and its cells. */
export interface ViewContext {
  slug: string;
  themeTitle: string;
  region: Region;
  /** The level of the rows: the region's children, or the region itself at the theme's own level. */
  rowLevel: RegionLevel;
  levelName: string;
  periodKey: string;
  periodLabel: string;
  granularity: Granularity;
  measures: readonly Measure[];
  measure: Measure;
  index: CellIndex;
  k: number | null;
  regions: readonly TableRegion[];
  total: TableRegion | null;
  schema: unknown;
  uiSchema: unknown;
  canExplain: boolean;
  onDrill: (code: string) => void;
  drillLabel: (region: TableRegion) => string;
}

/** Every measure by region as a sortable table, the chosen one as bars (or, grouped, as a small table). */
export function OverviewTab({ context }: { context: ViewContext }): ReactElement {
  const { t } = useTranslation();
  const { measure, measures, index, periodKey, k, regions, total } = context;
  const [explaining, setExplaining] = useState<{ measure: Measure; region: TableRegion } | null>(null);
  // The chosen measure first: on a phone it is the column in view without scrolling sideways.
  const plain = measures.filter((entry) => !entry.groupBy).sort((a, b) => Number(b.key === measure.key) - Number(a.key === measure.key));
  const cells = [...regions, ...(total ? [total] : [])].flatMap((region) => measures.map((entry) => index.get(region.code, periodKey, entry.key)));
  const anySuppressed = [...regions, ...(total ? [total] : [])].some((region) =>
    measures.some((entry) => (entry.groupBy ? index.groups(entry.key).some((group) => index.get(region.code, periodKey, entry.key, group)?.suppressed) : index.get(region.code, periodKey, entry.key)?.suppressed)),
  );
  const caption = t('dashboard.table.caption', { theme: context.themeTitle, level: context.levelName, region: context.region.name, period: context.periodLabel });

  return (
    <div className="overview">
      {cells.every((cell) => cell === undefined) && <p className="notice notice--info">{t('dashboard.noDataAtAll')}</p>}
      <section className="overview-chart">
        <h2 className="section-title">{measure.title}</h2>
        {measure.groupBy ? (
          <GroupTable
            caption={t('dashboard.table.caption', { theme: measure.title, level: context.levelName, region: context.region.name, period: context.periodLabel })}
            regionHeader={t('dashboard.table.region')}
            measure={measure}
            groups={index.groups(measure.key).map((value) => ({ value, label: groupLabel(measure, value, context.schema, context.uiSchema) }))}
            regions={regions}
            total={total}
            totalLabel={(region) => t('dashboard.table.total', { region: region.name })}
            index={index}
            periodKey={periodKey}
            k={k}
          />
        ) : (
          <BarChart
            label={t('dashboard.chart.bars', { measure: measure.title, level: context.levelName, period: context.periodLabel })}
            bars={regions.map((region) => ({ ...region, cell: cellValue(index.get(region.code, periodKey, measure.key)) }))}
            k={k}
            onDrill={context.onDrill}
            drillLabel={context.drillLabel}
          />
        )}
      </section>
      <section className="overview-table">
        <h2 className="section-title">{caption}</h2>
        <RegionTable
          caption={caption}
          regions={regions}
          total={total}
          measures={plain}
          index={index}
          periodKey={periodKey}
          k={k}
          highlighted={measure.key}
          onDrill={context.onDrill}
          onExplain={context.canExplain ? (entry, region) => setExplaining({ measure: entry, region }) : undefined}
          drillLabel={context.drillLabel}
        />
      </section>
      {anySuppressed && <SuppressedNote k={k} />}
      {explaining && (
        <ExplainDialog
          slug={context.slug}
          query={{ measure: explaining.measure.key, region: explaining.region.code, periodKey }}
          measureTitle={explaining.measure.title}
          regionName={explaining.region.name}
          periodLabel={context.periodLabel}
          onClose={() => setExplaining(null)}
        />
      )}
    </div>
  );
}
