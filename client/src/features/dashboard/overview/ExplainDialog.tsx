import type { ReactElement } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../../app/Dialog';
import { PageState } from '../../../app/PageState';
import { formatDateTime } from '../../../lib/wib';
import { useExplanation, type ExplainItem, type ExplainQuery } from '../dashboard-api';
import { formatNumber } from '../../../lib/format-number';

interface ExplainDialogProps {
  slug: string;
  query: ExplainQuery;
  measureTitle: string;
  regionName: string;
  periodLabel: string;
  onClose: () => void;
}

/** Admins: the submissions behind one number, each with what it added. */
export function ExplainDialog({ slug, query, measureTitle, regionName, periodLabel, onClose }: ExplainDialogProps): ReactElement {
  const { t, i18n } = useTranslation();
  const explanation = useExplanation(slug, query);
  const number = (value: number | null): string => (value === null ? t('dashboard.noData') : formatNumber(value, i18n.language));
  const contribution = (item: ExplainItem): string =>
    'value' in item.contribution
      ? number(item.contribution.value)
      : `${t('dashboard.explain.numerator')} ${number(item.contribution.numerator)} · ${t('dashboard.explain.denominator')} ${number(item.contribution.denominator)}`;
  const data = explanation.data;
  return (
    <Dialog
      title={t('dashboard.explain.title', { value: data ? number(data.value) : '…' })}
      onClose={onClose}
      actions={
        <button type="button" className="button button--secondary" onClick={onClose}>
          {t('common.close')}
        </button>
      }
    >
      <PageState pending={explanation.isPending} error={explanation.error}>
        {data && (
          <>
            <p>{t('dashboard.explain.lead', { measure: measureTitle, region: regionName, period: periodLabel, count: data.submissions })}</p>
            {data.items.length === 0 ? (
              <p className="muted">{t('dashboard.explain.none')}</p>
            ) : (
              <div className="table-scroll">
                <table className="data-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('dashboard.explain.submittedAt')}</th>
                      <th scope="col">{t('dashboard.explain.submission')}</th>
                      <th scope="col">{t('dashboard.explain.contribution')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.items.map((item) => (
                      <tr key={item.id}>
                        <td>{formatDateTime(item.createdAt, i18n.language)}</td>
                        <td>
                          <Link to={`/kiriman/${encodeURIComponent(item.id)}`}>{item.id.slice(0, 8)}</Link>
                        </td>
                        <td>{contribution(item)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {data.nextCursor && <p className="small muted">{t('dashboard.explain.more')}</p>}
          </>
        )}
      </PageState>
    </Dialog>
  );
}
