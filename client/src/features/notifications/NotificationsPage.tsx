import { useEffect, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { useQueryClient } from '@tanstack/react-query';
import { periodLabel } from '../../../../schemas/labels/period-label';
import { apiRequest } from '../../api/http';
import { usePagedList } from '../../api/paged-list';
import { loadNotifications, queryKeys } from '../../api/queries';
import type { AppNotification } from '../../api/types';
import { textLanguage } from '../../app/i18n';
import { PageState } from '../../app/PageState';
import { formatDateTime } from '../../lib/wib';
import './texts';

const markNotificationRead = (id: string): Promise<AppNotification> =>
  apiRequest<AppNotification>(`/api/notifications/${encodeURIComponent(id)}/read`, { method: 'POST' });

/** Where a notification leads: a reminder to the form it is about, a review result to the submission. */
export function notificationTarget(notification: AppNotification): string | null {
  if (notification.kind === 'review' && notification.details.submissionId) return `/kiriman/${encodeURIComponent(notification.details.submissionId)}`;
  if (notification.kind === 'reminder' && notification.theme) {
    const search = new URLSearchParams();
    if (notification.periodKey && notification.periodKey !== 'all') search.set('periode', notification.periodKey);
    // A reminder about one region opens the form for it; about several, the form lets the cadre choose.
    if (notification.details.missing?.length === 1) search.set('wilayah', notification.details.missing[0]);
    const query = search.toString();
    return `/tugas/${encodeURIComponent(notification.theme)}${query ? `?${query}` : ''}`;
  }
  return null;
}

function NotificationItem({ notification, onRead }: { notification: AppNotification; onRead: (id: string) => Promise<void> }): ReactElement {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const language = textLanguage(i18n.language);
  const unread = notification.readAt === null;
  const target = notificationTarget(notification);
  const review = notification.kind === 'review';
  const rejected = review && notification.details.status === 'rejected';
  // A review result is worded by the app, in the reader's language; a reminder in its theme's words.
  const title = review ? (rejected ? t('notifications.reviewRejected') : t('notifications.reviewApproved')) : notification.title;
  const body = review
    ? [notification.details.themeTitle, notification.details.summary].filter(Boolean).join(' · ')
    : notification.message;

  const open = async (): Promise<void> => {
    if (unread) await onRead(notification.id).catch(() => undefined);
    if (target) navigate(target);
  };

  return (
    <li className={`card notification${unread ? ' notification--unread' : ''}${rejected ? ' notification--rejected' : ''}`}>
      <div className="notification-head">
        <p className="notification-title">{title}</p>
        {unread && <span className="badge badge--info">{t('notifications.unread')}</span>}
      </div>
      {body && <p>{body}</p>}
      {review && notification.details.comment && (
        <blockquote className="review-comment">
          <p>{t('notifications.reviewComment', { comment: notification.details.comment })}</p>
        </blockquote>
      )}
      <p className="muted small">
        {[
          notification.kind === 'reminder' && notification.periodKey ? t('notifications.reminderFor', { period: periodLabel(notification.periodKey, language) }) : null,
          formatDateTime(notification.createdAt, i18n.language),
        ]
          .filter(Boolean)
          .join(' · ')}
      </p>
      <div className="notification-actions">
        {target && (
          <button type="button" className={`button button--small ${rejected || notification.kind === 'reminder' ? 'button--primary' : 'button--secondary'}`} onClick={() => void open()}>
            {review ? t('notifications.openSubmission') : t('notifications.openForm')}
          </button>
        )}
        {unread && (
          <button type="button" className="button button--small button--quiet" onClick={() => void onRead(notification.id).catch(() => undefined)}>
            {t('notifications.markRead')}
          </button>
        )}
      </div>
    </li>
  );
}

/** The caller's notifications, newest first: reminders open their form, review results their submission. */
export function NotificationsPage(): ReactElement {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [markFailed, setMarkFailed] = useState(false);

  useEffect(() => {
    document.title = `${t('notifications.title')} — Wakuncar`;
  }, [t]);

  const pages = usePagedList(queryKeys.notificationsList, loadNotifications);
  const items = pages.items;
  const unread = items.filter((item) => item.readAt === null);

  const markRead = async (id: string): Promise<void> => {
    try {
      await markNotificationRead(id);
      setMarkFailed(false);
    } catch (error) {
      setMarkFailed(true);
      throw error;
    } finally {
      await queryClient.invalidateQueries({ queryKey: queryKeys.notificationsRoot });
    }
  };

  return (
    <div className="page">
      <div className="page-head">
        <h1 className="page-title">{t('notifications.title')}</h1>
        {unread.length > 1 && (
          <button type="button" className="button button--secondary button--small" onClick={() => void Promise.all(unread.map((item) => markRead(item.id))).catch(() => undefined)}>
            {t('notifications.markAllRead')}
          </button>
        )}
      </div>
      {markFailed && (
        <p className="notice notice--warning" role="status">
          {t('notifications.markFailed')}
        </p>
      )}
      <PageState pending={pages.isPending} error={items.length === 0 ? pages.error : null} onRetry={pages.refetch}>
        {items.length === 0 ? (
          <p className="empty">{t('notifications.empty')}</p>
        ) : (
          <ul className="notification-list">
            {items.map((notification) => (
              <NotificationItem key={notification.id} notification={notification} onRead={markRead} />
            ))}
          </ul>
        )}
        {pages.hasNextPage && (
          <p className="load-more">
            <button type="button" className="button button--secondary" disabled={pages.isFetchingNextPage} onClick={pages.fetchNextPage}>
              {pages.isFetchingNextPage ? t('notifications.loadingMore') : t('notifications.loadMore')}
            </button>
          </p>
        )}
      </PageState>
      <p className="muted small">
        <Link to="/">{t('nav.home')}</Link>
      </p>
    </div>
  );
}
