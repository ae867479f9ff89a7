import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { loadRegionChildren } from '../../api/queries';
import type { Region, ThemeVersion } from '../../api/types';
import { PageState } from '../../app/PageState';
import { regionsAtLevel } from '../tasks/task-status';

interface RegionChoiceProps {
  /** The cadre's own region: the choice is among the regions under it. */
  root: Region;
  level: ThemeVersion['regionLevel'];
  onChoose: (code: string) => void;
}

/** A theme filled for a region below the cadre's own, opened without one: which region first. */
export function RegionChoice({ root, level, onChoose }: RegionChoiceProps): ReactElement {
  const { t } = useTranslation();
  const regions = useQuery({
    queryKey: ['regions', 'at-level', root.code, level],
    queryFn: () => regionsAtLevel(root, level, loadRegionChildren),
    staleTime: 10 * 60_000,
  });
  return (
    <PageState pending={regions.isPending} error={regions.error}>
      <div className="card">
        <label className="field-label" htmlFor="fill-region">
          {t('fill.chooseRegion', { level: t(`regionLevels.${level}`) })}
        </label>
        <select id="fill-region" className="input" defaultValue="" onChange={(event) => event.target.value && onChoose(event.target.value)}>
          <option value="">{t('widgets.region.choose', { level: t(`regionLevels.${level}`) })}</option>
          {(regions.data ?? []).map((region) => (
            <option key={region.code} value={region.code}>
              {region.name}
            </option>
          ))}
        </select>
      </div>
    </PageState>
  );
}
