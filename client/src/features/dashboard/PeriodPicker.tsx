import { useId, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { dueAt, formatPeriod, periodKey as keyAt } from '../../lib/wib';
import type { Granularity } from './dashboard-api';
import { currentPeriodKey, granularitiesFor, periodKeysUpTo, RECENT_PERIODS } from './dashboard-view';

interface PeriodPickerProps {
  themePeriod: Granularity;
  granularity: Granularity;
  periodKey: string;
  now: Date;
  onChange: (granularity: Granularity, periodKey: string) => void;
}

/**
 * The instant a change of granularity keeps in view: the last moment of the chosen period (or now,
 * when that is still ahead), so November 2026 read by year is 2026, and 2026 read by month is its
 * last month so far.
 */
function anchorOf(granularity: Granularity, key: string, now: Date): Date {
  const end = granularity === 'none' ? null : dueAt(granularity, key);
  return end && end.getTime() - 1 < now.getTime() ? new Date(end.getTime() - 1) : now;
}

/** The theme's own granularity and the coarser ones, then a recent period of the one chosen. */
export function PeriodPicker({ themePeriod, granularity, periodKey, now, onChange }: PeriodPickerProps): ReactElement {
  const { t, i18n } = useTranslation();
  const granularityId = useId();
  const periodId = useId();
  if (themePeriod === 'none') return <p className="muted small">{t('dashboard.noPeriod')}</p>;
  const keys = periodKeysUpTo(granularity, currentPeriodKey(granularity, now), RECENT_PERIODS[granularity]).reverse();
  // A shared link may name an older period than the picker lists: it stays selectable.
  if (!keys.includes(periodKey)) keys.push(periodKey);
  return (
    <>
      <div className="field">
        <label className="field-label" htmlFor={granularityId}>{t('dashboard.granularity')}</label>
        <select
          id={granularityId}
          className="input"
          value={granularity}
          onChange={(event) => {
            const next = event.target.value as Granularity;
            onChange(next, keyAt(next, anchorOf(granularity, periodKey, now)) ?? currentPeriodKey(next, now));
          }}
        >
          {granularitiesFor(themePeriod).map((option) => (
            <option key={option} value={option}>
              {t(`dashboard.granularities.${option}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label className="field-label" htmlFor={periodId}>{t('dashboard.period')}</label>
        <select id={periodId} className="input" value={periodKey} onChange={(event) => onChange(granularity, event.target.value)}>
          {keys.map((key) => (
            <option key={key} value={key}>
              {formatPeriod(granularity, key, i18n.language)}
            </option>
          ))}
        </select>
      </div>
    </>
  );
}
