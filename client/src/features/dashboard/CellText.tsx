import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { type CellValue } from './dashboard-view';
import { formatNumber } from '../../lib/format-number';

/** One number as every table shows it: hidden cells read "< k" with why, absent ones "—"; neither is ever 0. */
export function CellText({ cell, k }: { cell: CellValue; k: number | null }): ReactElement {
  const { t, i18n } = useTranslation();
  if (cell.kind === 'value') return <span className="cell-number">{formatNumber(cell.value, i18n.language)}</span>;
  if (cell.kind === 'suppressed') {
    const title = t('dashboard.suppressedTitle', { k: k ?? '' });
    return (
      <span className="cell-suppressed" title={title} aria-label={`${t('dashboard.suppressed', { k: k ?? '' })}. ${title}`}>
        {t('dashboard.suppressed', { k: k ?? '' })}
      </span>
    );
  }
  return (
    <span className="cell-missing" title={t('dashboard.noDataTitle')} aria-label={t('dashboard.noDataTitle')}>
      {t('dashboard.noData')}
    </span>
  );
}

/** The explanation of "< k", shown once under whatever shows a hidden cell. */
export function SuppressedNote({ k }: { k: number | null }): ReactElement {
  const { t } = useTranslation();
  return <p className="dashboard-note small">{t('dashboard.suppressedNote', { k: k ?? '' })}</p>;
}
