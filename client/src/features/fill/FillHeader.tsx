import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { ThemeVersion } from '../../api/types';
import { themeTexts } from '../../app/i18n';
import { formatPeriod } from '../../lib/wib';

interface FillHeaderProps {
  definition: ThemeVersion;
  regionName: string;
  period: string | undefined;
  /** The periods a new report may still be filled for; a choice when there is more than one. */
  periods: string[];
  onPeriod: (period: string) => void;
}

/** The theme's title and what the answers will be stored under: region, version, period. */
export function FillHeader({ definition, regionName, period, periods, onPeriod }: FillHeaderProps): ReactElement {
  const { t, i18n } = useTranslation();
  const { title, description } = themeTexts(definition, i18n.language);
  return (
    <header className="form-header">
      <h1 className="page-title">{title}</h1>
      {description && <p className="page-lead">{description}</p>}
      <dl className="form-context">
        <div>
          <dt>{t('fill.region')}</dt>
          <dd>{regionName}</dd>
        </div>
        <div>
          <dt>{t('fill.version')}</dt>
          <dd>{definition.version}</dd>
        </div>
        {period && (
          <div>
            <dt>{t('fill.period')}</dt>
            <dd>
              {periods.length > 1 ? (
                <select aria-label={t('fill.period')} className="input input--inline" value={period} onChange={(event) => onPeriod(event.target.value)}>
                  {periods.map((key) => (
                    <option key={key} value={key}>
                      {formatPeriod(definition.period, key, i18n.language)}
                    </option>
                  ))}
                </select>
              ) : (
                formatPeriod(definition.period, period, i18n.language)
              )}
            </dd>
          </div>
        )}
      </dl>
    </header>
  );
}
