import { useQuery } from '@tanstack/react-query';
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { PageState } from '../../../app/PageState';
import { SuppressedNote } from '../CellText';
import { cellValue } from '../dashboard-view';
import type { ViewContext } from '../overview/OverviewTab';
import { loadBoundaries } from './boundaries';
import { RegionMap } from './RegionMap';

/**
 * The chosen measure on the map of the rows' regions. Regions without a boundary (RW, RT, other
 * cities) have no map: a sentence points to the table instead.
 */
export function MapTab({ context }: { context: ViewContext }): ReactElement {
  const { t } = useTranslation();
  const boundaries = useQuery({ queryKey: ['dashboard', 'boundaries'], queryFn: loadBoundaries, staleTime: Infinity });
  const { measure, index, periodKey, k } = context;
  const known = new Set((boundaries.data ?? []).map((feature) => feature.properties.kode));
  const areas = context.regions.map((region) => ({ ...region, cell: cellValue(index.get(region.code, periodKey, measure.key)) }));
  const mapped = areas.filter((area) => known.has(area.code));
  return (
    <PageState pending={boundaries.isPending} error={boundaries.error}>
      <h2 className="section-title">{t('dashboard.map.title', { measure: measure.title, level: context.levelName, period: context.periodLabel })}</h2>
      {measure.groupBy ? (
        <p className="notice notice--info">{t('dashboard.map.grouped')}</p>
      ) : mapped.length === 0 ? (
        <p className="notice notice--info">{t('dashboard.map.none')}</p>
      ) : (
        <>
          <RegionMap
            label={t('dashboard.map.title', { measure: measure.title, level: context.levelName, period: context.periodLabel })}
            areas={areas}
            boundaries={boundaries.data ?? []}
            k={k}
            onDrill={context.onDrill}
            drillLabel={context.drillLabel}
          />
          {mapped.some((area) => area.cell.kind === 'suppressed') && <SuppressedNote k={k} />}
        </>
      )}
    </PageState>
  );
}
