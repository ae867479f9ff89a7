import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../app/Icon';
import { useOnline } from '../../app/use-online';
import { formatDateTime, formatPeriod, periodOfKey } from '../../lib/wib';
import type { OutboxItem } from './database';
import { useOutbox } from './OutboxProvider';
import { RejectionNotice } from './RejectionNotice';

function WaitingItem({ item }: { item: OutboxItem }): ReactElement {
  const { t, i18n } = useTranslation();
  const { sending } = useOutbox();
  const failure = item.lastFailure;
  return (
    <p className="muted small">
      {sending
        ? t('outbox.sending')
        : failure?.kind === 'auth'
          ? t('outbox.waitingLogin')
          : failure?.kind === 'retryable'
            ? t('outbox.waitingServer', { time: formatDateTime(new Date(item.nextAttemptAt), i18n.language) })
            : t('outbox.waitingSignal')}
      {item.attempts > 0 && failure?.kind !== 'network' && ` · ${t('outbox.attempts', { count: item.attempts })}`}
    </p>
  );
}

/** Everything that waits on this phone: sent automatically, or refused and waiting for the cadre. */
export function OutboxList(): ReactElement | null {
  const { t, i18n } = useTranslation();
  const online = useOnline();
  const { items, waiting, sending, sendNow } = useOutbox();
  if (items.length === 0) return null;
  return (
    <section id="antrean" className="outbox" aria-labelledby="outbox-title">
      <div className="section-head">
        <h2 id="outbox-title" className="section-title">
          <Icon name="upload" /> {t('outbox.title')}
        </h2>
        {waiting > 0 && (
          <button type="button" className="button button--secondary button--small" disabled={sending || !online} onClick={() => void sendNow()}>
            {sending ? t('outbox.sending') : t('outbox.sendNow')}
          </button>
        )}
      </div>
      <p className="muted small">{online ? t('outbox.leadOnline') : t('outbox.leadOffline')}</p>
      <ul className="outbox-items">
        {items.map((item) => (
          <li key={item.id} className={`card outbox-item outbox-item--${item.state}`}>
            <div className="outbox-item-head">
              <p className="outbox-item-title">{item.themeTitle}</p>
              <span className={`badge ${item.state === 'rejected' ? 'badge--danger' : 'badge--info'}`}>
                {item.state === 'rejected' ? t('outbox.stateRejected') : t('outbox.stateWaiting')}
              </span>
            </div>
            <p className="muted small">
              {[
                item.regionName ?? item.regionCode,
                item.period ? formatPeriod(periodOfKey(item.period), item.period, i18n.language) : null,
                t('outbox.madeAt', { time: formatDateTime(item.createdAt, i18n.language) })]
                .filter(Boolean)
                .join(' · ')}
            </p>
            {item.state === 'waiting' ? <WaitingItem item={item} /> : <RejectionNotice item={item} />}
          </li>
        ))}
      </ul>
    </section>
  );
}
