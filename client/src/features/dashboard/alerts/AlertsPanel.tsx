import { useId, useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { periodLabel } from '../../../../../schemas/labels/period-label';
import { useThemes } from '../../../api/queries';
import { textLanguage, themeTexts } from '../../../app/i18n';
import { PageState } from '../../../app/PageState';
import { formatDateTime } from '../../../lib/wib';
import { useCurrentUser } from '../../auth/AuthProvider';
import { useAcknowledgeAlert, useOpenAlerts, type Alert } from './alerts-api';
import './texts';
import { useAlertsTexts } from './texts';
import { formatNumber } from '../../../lib/format-number';

/** One open alert; a person responsible for the region (admin, kader) can acknowledge it with a comment. */
function AlertItem({ alert, themeTitle, canAcknowledge }: { alert: Alert; themeTitle: string; canAcknowledge: boolean }): ReactElement {
  const { i18n } = useTranslation();
  const k = useAlertsTexts();
  const language = textLanguage(i18n.language);
  const [writing, setWriting] = useState(false);
  const [comment, setComment] = useState('');
  const acknowledge = useAcknowledgeAlert();
  const commentId = useId();

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    acknowledge.mutate({ id: alert.id, comment }, { onSuccess: () => setWriting(false) });
  };

  return (
    <li className="card alert-item">
      <p className="alert-item-title">{alert.title}</p>
      <p className="muted small">{themeTitle}</p>
      <p>{k('where', { region: alert.regionName ?? alert.regionCode, period: periodLabel(alert.periodKey, language) })}</p>
      <p>{k('value', { value: alert.value === null ? '—' : formatNumber(alert.value, language), threshold: formatNumber(alert.threshold, language) })}</p>
      <p className="muted small">{k('openedAt', { time: formatDateTime(alert.openedAt, i18n.language) })}</p>
      {alert.acknowledgedBy && (
        <p className="small">{alert.comment ? k('acknowledgedWithComment', { user: alert.acknowledgedBy, comment: alert.comment }) : k('acknowledged', { user: alert.acknowledgedBy })}</p>
      )}
      {canAcknowledge && !writing && (
        <button type="button" className="button button--small button--secondary" onClick={() => setWriting(true)}>
          {k('acknowledge')}
        </button>
      )}
      {writing && (
        <form onSubmit={submit}>
          <div className="admin-field">
            <label htmlFor={commentId}>{k('comment')}</label>
            <textarea id={commentId} className="input textarea" rows={3} maxLength={1000} value={comment} aria-describedby={`${commentId}-hint`} onChange={(event) => setComment(event.target.value)} />
            <p id={`${commentId}-hint`} className="small muted">
              {k('commentHint')}
            </p>
          </div>
          {acknowledge.isError && (
            <p className="admin-field-error" role="alert">
              {k('failed')}
            </p>
          )}
          <div className="admin-actions">
            <button type="submit" className="button button--small button--primary" disabled={acknowledge.isPending}>
              {k('send')}
            </button>
            <button type="button" className="button button--small button--quiet" onClick={() => setWriting(false)}>
              {k('cancel')}
            </button>
          </div>
        </form>
      )}
    </li>
  );
}

/** The open early-warning alerts of the caller's region, on the dashboard's first page. */
export function AlertsPanel(): ReactElement {
  const { i18n } = useTranslation();
  const k = useAlertsTexts();
  const user = useCurrentUser();
  const alerts = useOpenAlerts();
  const themes = useThemes();
  const headingId = useId();
  const titleOf = (slug: string): string => {
    const theme = themes.data?.find((entry) => entry.slug === slug);
    return theme ? themeTexts(theme, i18n.language).title : '';
  };
  return (
    <section className="alerts-panel" aria-labelledby={headingId}>
      <h2 id={headingId} className="section-title">
        {k('title')}
      </h2>
      <p className="muted">{k('lead')}</p>
      <PageState pending={alerts.isPending} error={alerts.error} onRetry={() => void alerts.refetch()}>
        {alerts.data?.length === 0 ? (
          <p className="empty">{k('none')}</p>
        ) : (
          <ul className="alert-list">
            {alerts.data?.map((alert) => <AlertItem key={alert.id} alert={alert} themeTitle={titleOf(alert.theme)} canAcknowledge={user.role !== 'opd'} />)}
          </ul>
        )}
      </PageState>
    </section>
  );
}
