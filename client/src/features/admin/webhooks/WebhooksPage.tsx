import { useEffect, useId, useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { isApiError } from '../../../api/http';
import { useThemes } from '../../../api/queries';
import { Dialog } from '../../../app/Dialog';
import { describeError, PageState } from '../../../app/PageState';
import { useToast } from '../../../app/Toaster';
import { formatDateTime } from '../../../lib/wib';
import { SecretOnce } from '../../tokens/SecretOnce';
import '../../tokens/tool-page.css';
import './texts';
import './webhooks.css';
import {
  createWebhook,
  EVENT_TEXT,
  fetchDeliveries,
  fetchWebhooks,
  redeliver,
  removeWebhook,
  WEBHOOK_EVENTS,
  webhooksKey,
  type Delivery,
  type Webhook,
  type WebhookEvent,
} from './webhooks-api';

const STATUS_TONE: Record<Delivery['status'], string> = { pending: 'info', sent: 'success', failed: 'danger' };

function AddWebhookForm({ theme, onCreated }: { theme: string; onCreated: (secret: string) => void }): ReactElement {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const id = useId();
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<WebhookEvent[]>(['submission.created']);
  const [problems, setProblems] = useState<string[]>([]);
  const add = useMutation({
    mutationFn: () => createWebhook(theme, { url: url.trim(), events }),
    onSuccess: (created) => {
      setUrl('');
      void queryClient.invalidateQueries({ queryKey: webhooksKey });
      onCreated(created.secret);
    },
  });
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const found = [
      !/^https?:\/\/\S+$/i.test(url.trim()) && t('adminWebhooks.add.urlRequired'),
      events.length === 0 && t('adminWebhooks.add.eventRequired'),
    ].filter((problem): problem is string => Boolean(problem));
    setProblems(found);
    if (found.length === 0) add.mutate();
  };
  const toggle = (value: WebhookEvent, on: boolean): void =>
    setEvents((current) => (on ? [...current, value] : current.filter((item) => item !== value)));
  // The server's words name its field ("url harus …"); a refused address is said plainly here, and
  // one refused for where it points (http, this machine, a local network) says what is accepted.
  const refused =
    isApiError(add.error) && add.error.code === 'URL_NOT_ALLOWED'
      ? t('adminWebhooks.add.notPublic')
      : isApiError(add.error) && add.error.status === 400
        ? t('adminWebhooks.add.refused')
        : add.error
          ? describeError(add.error, t)
          : null;
  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="section-title">
        {t('adminWebhooks.add.title')}
      </h2>
      <div className="field">
        <label className="field-label" htmlFor={`${id}-url`}>
          {t('adminWebhooks.add.url')}
        </label>
        <input
          id={`${id}-url`}
          className="input"
          type="url"
          inputMode="url"
          value={url}
          placeholder="https://"
          onChange={(event) => setUrl(event.target.value)}
          aria-describedby={`${id}-url-help`}
        />
        <span id={`${id}-url-help`} className="field-help">
          {t('adminWebhooks.add.urlHelp')}
        </span>
      </div>
      <fieldset>
        <legend>{t('adminWebhooks.add.events')}</legend>
        {WEBHOOK_EVENTS.map((value) => (
          <label key={value} className="choice">
            <input type="checkbox" checked={events.includes(value)} onChange={(event) => toggle(value, event.target.checked)} />
            <span>{t(`adminWebhooks.eventNames.${EVENT_TEXT[value]}`)}</span>
          </label>
        ))}
      </fieldset>
      {(problems.length > 0 || refused) && (
        <div className="notice notice--danger" role="alert">
          {problems.map((problem) => (
            <p key={problem}>{problem}</p>
          ))}
          {refused && <p>{refused}</p>}
        </div>
      )}
      <button type="submit" className="button button--primary" disabled={add.isPending}>
        {add.isPending ? t('adminWebhooks.add.busy') : t('adminWebhooks.add.submit')}
      </button>
    </form>
  );
}

function DeliveryLog({ webhook, onClose }: { webhook: Webhook; onClose: () => void }): ReactElement {
  const { t, i18n } = useTranslation();
  const log = useInfiniteQuery({
    queryKey: [...webhooksKey, 'deliveries', webhook.id],
    queryFn: ({ pageParam }) => fetchDeliveries(webhook.id, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = log.data?.pages.flatMap((page) => page.items) ?? [];
  const notify = useToast();
  const queryClient = useQueryClient();
  // A delivery gives up only after hours of retries; the admin sends it again once the receiver is back.
  const again = useMutation({
    mutationFn: (deliveryId: string) => redeliver(webhook.id, deliveryId),
    onSuccess: () => {
      notify(t('adminWebhooks.log.redelivered'), 'success');
      void queryClient.invalidateQueries({ queryKey: [...webhooksKey, 'deliveries', webhook.id] });
    },
    onError: (error) => notify(describeError(error, t), 'danger'),
  });
  return (
    <section className="card" aria-labelledby="webhook-log-title">
      <div className="section-head">
        <h2 id="webhook-log-title" className="section-title">
          {t('adminWebhooks.log.title', { url: webhook.url })}
        </h2>
        <button type="button" className="button button--quiet button--small" onClick={onClose}>
          {t('adminWebhooks.log.close')}
        </button>
      </div>
      <PageState pending={log.isPending} error={log.error} onRetry={() => void log.refetch()}>
        {items.length === 0 ? (
          <p className="empty">{t('adminWebhooks.log.empty')}</p>
        ) : (
          <div className="tool-table-wrap">
            <table className="tool-table">
              <thead>
                <tr>
                  <th scope="col">{t('adminWebhooks.log.at')}</th>
                  <th scope="col">{t('adminWebhooks.log.event')}</th>
                  <th scope="col">{t('adminWebhooks.log.status')}</th>
                  <th scope="col">{t('adminWebhooks.log.answer')}</th>
                  <th scope="col">{t('adminWebhooks.log.attempts')}</th>
                  <th scope="col">{t('adminWebhooks.log.sentAt')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((delivery) => (
                  <tr key={delivery.id}>
                    <td data-label={t('adminWebhooks.log.at')} className="nowrap">
                      {formatDateTime(delivery.createdAt, i18n.language)}
                    </td>
                    <td data-label={t('adminWebhooks.log.event')}>{t(`adminWebhooks.eventNames.${EVENT_TEXT[delivery.event]}`)}</td>
                    <td data-label={t('adminWebhooks.log.status')}>
                      <span className={`badge badge--${STATUS_TONE[delivery.status]}`}>{t(`adminWebhooks.log.statuses.${delivery.status}`)}</span>
                      {delivery.status === 'failed' && (
                        <button
                          type="button"
                          className="button button--secondary button--small"
                          disabled={again.isPending}
                          onClick={() => again.mutate(delivery.id)}
                        >
                          {t('adminWebhooks.log.redeliver')}
                        </button>
                      )}
                    </td>
                    <td data-label={t('adminWebhooks.log.answer')}>
                      {delivery.responseStatus !== null
                        ? t('adminWebhooks.log.code', { status: delivery.responseStatus })
                        : delivery.attempts > 0
                          ? t('adminWebhooks.log.noAnswer')
                          : ''}
                    </td>
                    <td data-label={t('adminWebhooks.log.attempts')}>{delivery.attempts}</td>
                    <td data-label={t('adminWebhooks.log.sentAt')} className="nowrap">
                      {delivery.sentAt ? formatDateTime(delivery.sentAt, i18n.language) : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {log.hasNextPage && (
          <button type="button" className="button button--secondary" disabled={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
            {t('adminWebhooks.log.more')}
          </button>
        )}
      </PageState>
    </section>
  );
}

function RemoveDialog({ webhook, onClose }: { webhook: Webhook; onClose: () => void }): ReactElement {
  const { t } = useTranslation();
  const notify = useToast();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => removeWebhook(webhook.id),
    onSuccess: () => {
      notify(t('adminWebhooks.confirm.done'), 'success');
      void queryClient.invalidateQueries({ queryKey: webhooksKey });
      onClose();
    },
  });
  return (
    <Dialog
      title={t('adminWebhooks.confirm.title')}
      tone="danger"
      onClose={onClose}
      actions={
        <>
          <button type="button" className="button button--secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="button" className="button button--danger" disabled={remove.isPending} onClick={() => remove.mutate()}>
            {t('adminWebhooks.confirm.confirm')}
          </button>
        </>
      }
    >
      <p>{t('adminWebhooks.confirm.body', { url: webhook.url })}</p>
      {remove.error && (
        <p className="text-danger" role="alert">
          {describeError(remove.error, t)}
        </p>
      )}
    </Dialog>
  );
}

function WebhookTable({
  webhooks,
  onLog,
  onRemove,
}: {
  webhooks: Webhook[];
  onLog: (webhook: Webhook) => void;
  onRemove: (webhook: Webhook) => void;
}): ReactElement {
  const { t, i18n } = useTranslation();
  if (webhooks.length === 0) return <p className="empty">{t('adminWebhooks.empty')}</p>;
  // Removed ones stay listed after the active ones: their delivery history can still be read.
  const sorted = [...webhooks].sort((left, right) => Number(right.active) - Number(left.active));
  return (
    <div className="tool-table-wrap">
      <table className="tool-table">
        <thead>
          <tr>
            <th scope="col">{t('adminWebhooks.url')}</th>
            <th scope="col">{t('adminWebhooks.events')}</th>
            <th scope="col">{t('adminWebhooks.createdAt')}</th>
            <th scope="col">{t('adminWebhooks.state')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('adminWebhooks.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((webhook) => (
            <tr key={webhook.id}>
              <td data-label={t('adminWebhooks.url')} className="webhook-url">
                {webhook.url}
              </td>
              <td data-label={t('adminWebhooks.events')}>
                {webhook.events.map((event) => t(`adminWebhooks.eventNames.${EVENT_TEXT[event]}`)).join('; ')}
              </td>
              <td data-label={t('adminWebhooks.createdAt')} className="nowrap">
                {formatDateTime(webhook.createdAt, i18n.language)}
              </td>
              <td data-label={t('adminWebhooks.state')}>
                <span className={`badge badge--${webhook.active ? 'success' : 'neutral'}`}>
                  {t(webhook.active ? 'adminWebhooks.active' : 'adminWebhooks.removed')}
                </span>
              </td>
              <td>
                <div className="inline-controls">
                  <button
                    type="button"
                    className="button button--secondary button--small"
                    aria-label={t('adminWebhooks.showLogFor', { url: webhook.url })}
                    onClick={() => onLog(webhook)}
                  >
                    {t('adminWebhooks.showLog')}
                  </button>
                  {webhook.active && (
                    <button
                      type="button"
                      className="button button--danger-quiet button--small"
                      aria-label={t('adminWebhooks.removeFor', { url: webhook.url })}
                      onClick={() => onRemove(webhook)}
                    >
                      {t('adminWebhooks.remove')}
                    </button>
                  )}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Webhooks of one theme: pick the theme, see its webhooks, add one (its signing key shown once), remove one, read its delivery log. */
export function WebhooksPage(): ReactElement {
  const { t } = useTranslation();
  const [search, setSearch] = useSearchParams();
  const themes = useThemes();
  const theme = search.get('tema') ?? '';
  const themeTitle = themes.data?.find((item) => item.slug === theme)?.title ?? theme;
  const webhooks = useQuery({ queryKey: [...webhooksKey, 'list', theme], queryFn: () => fetchWebhooks(theme), enabled: theme !== '' });
  const [secret, setSecret] = useState<string | null>(null);
  const [logOf, setLogOf] = useState<Webhook | null>(null);
  const [removing, setRemoving] = useState<Webhook | null>(null);
  const selectId = useId();

  useEffect(() => {
    document.title = `${t('adminWebhooks.title')} — Wakuncar`;
  }, [t]);
  useEffect(() => {
    setSecret(null);
    setLogOf(null);
  }, [theme]);

  return (
    <div className="page tool-page">
      <div className="page-head">
        <div>
          <h1 className="page-title">{t('adminWebhooks.title')}</h1>
          <p className="page-lead">{t('adminWebhooks.lead')}</p>
        </div>
      </div>
      <div className="field webhook-theme">
        <label className="field-label" htmlFor={selectId}>
          {t('adminWebhooks.theme')}
        </label>
        <select
          id={selectId}
          className="input"
          value={theme}
          disabled={themes.isPending}
          onChange={(event) => setSearch(event.target.value ? { tema: event.target.value } : {})}
        >
          <option value="">{t('adminWebhooks.chooseTheme')}</option>
          {(themes.data ?? []).map((item) => (
            <option key={item.slug} value={item.slug}>
              {item.title}
            </option>
          ))}
        </select>
      </div>
      {secret && (
        <SecretOnce
          value={secret}
          onDone={() => setSecret(null)}
          texts={{
            title: t('adminWebhooks.secret.title'),
            warning: t('adminWebhooks.secret.warning'),
            label: t('adminWebhooks.secret.label'),
            copy: t('adminWebhooks.secret.copy'),
            copied: t('adminWebhooks.secret.copied'),
            copyFailed: t('adminWebhooks.secret.copyFailed'),
            done: t('adminWebhooks.secret.done'),
          }}
        />
      )}
      {theme === '' ? (
        <p className="empty">{t('adminWebhooks.pickFirst')}</p>
      ) : (
        <div className="tool-grid">
          <AddWebhookForm theme={theme} onCreated={setSecret} />
          <section className="card" aria-labelledby="webhook-list-title">
            <h2 id="webhook-list-title" className="section-title">
              {t('adminWebhooks.listTitle', { theme: themeTitle })}
            </h2>
            <PageState pending={webhooks.isPending} error={webhooks.error} onRetry={() => void webhooks.refetch()}>
              <WebhookTable webhooks={webhooks.data ?? []} onLog={setLogOf} onRemove={setRemoving} />
            </PageState>
          </section>
        </div>
      )}
      {logOf && <DeliveryLog webhook={logOf} onClose={() => setLogOf(null)} />}
      {removing && <RemoveDialog webhook={removing} onClose={() => setRemoving(null)} />}
    </div>
  );
}
