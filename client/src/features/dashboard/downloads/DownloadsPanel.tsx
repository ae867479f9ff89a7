import { useEffect, useId, useState, type FormEvent, type ReactElement } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useRegion, useThemes } from '../../../api/queries';
import { describeError, PageState } from '../../../app/PageState';
import { useCurrentUser } from '../../auth/AuthProvider';
import { formatDateTime, formatPeriod, periodOfKey, wibDate } from '../../../lib/wib';
import {
  aggregatesFilePath,
  downloadFile,
  exportFilePath,
  exportKeys,
  isPending,
  startExport,
  useExport,
  useExports,
  type ExportFormat,
  type ExportKind,
  type ExportView,
} from './downloads-api';
import type { DashboardPanelProps } from '../dashboard-panels';
import './downloads.css';
import './texts';

type Translate = (key: string, options?: Record<string, unknown>) => string;

function useDownloadsTexts(): { k: Translate; language: string } {
  const { t, i18n } = useTranslation();
  return { k: (key, options) => t(`dashboardDownloads.${key}`, options), language: i18n.language };
}

/** Downloads of the dashboard: the file of what is on screen, a full export made on the server, and past exports. */
export function DownloadsPanel(props: DashboardPanelProps): ReactElement {
  const { k } = useDownloadsTexts();
  const headingId = useId();
  const [current, setCurrent] = useState<string | null>(null);
  return (
    <section className="card downloads" aria-labelledby={headingId}>
      <h2 className="section-title" id={headingId}>
        {k('title')}
      </h2>
      <OnScreen {...props} />
      <FullExport {...props} current={current} onStarted={setCurrent} />
      <ExportHistory highlight={current} />
    </section>
  );
}

function OnScreen({ slug, period, periodKey, regionCode, level, measure }: DashboardPanelProps): ReactElement {
  const { k, language } = useDownloadsTexts();
  const { t } = useTranslation();
  const region = useRegion(regionCode);
  const [busy, setBusy] = useState<'csv' | 'xlsx' | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  // The same query as the overview's table: one period of the dashboard's granularity.
  const query = { measure: measure ?? undefined, level, region: regionCode, period, ...(period !== 'none' && { from: periodKey, to: periodKey }) };
  const download = async (format: 'csv' | 'xlsx'): Promise<void> => {
    setBusy(format);
    setFailure(null);
    try {
      await downloadFile(aggregatesFilePath(slug, format, query), `${slug}-agregat-${periodKey}.${format}`);
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(null);
    }
  };
  return (
    <div className="downloads-block">
      <h3 className="downloads-subtitle">{k('onScreen')}</h3>
      <p className="muted small">
        {period === 'none'
          ? k('onScreenLeadAll', { region: region.data?.name ?? regionCode })
          : k('onScreenLead', { period: formatPeriod(periodOfKey(periodKey), periodKey, language), region: region.data?.name ?? regionCode })}
      </p>
      <div className="downloads-actions">
        {(['csv', 'xlsx'] as const).map((format) => (
          <button key={format} type="button" className="button button--secondary" disabled={busy !== null} onClick={() => void download(format)}>
            {busy === format ? k('downloading') : k(format)}
          </button>
        ))}
      </div>
      {failure !== null && (
        <p className="notice notice--danger" role="alert">
          {k('downloadFailed')} {describeError(failure, t)}
        </p>
      )}
    </div>
  );
}

interface FullExportProps extends DashboardPanelProps {
  current: string | null;
  onStarted: (id: string) => void;
}

function FullExport({ slug, period, regionCode, level, current, onStarted }: FullExportProps): ReactElement {
  const { k } = useDownloadsTexts();
  const { t } = useTranslation();
  const user = useCurrentUser();
  const region = useRegion(regionCode);
  const queryClient = useQueryClient();
  const kinds: ExportKind[] = user.role === 'admin' ? ['aggregates', 'submissions'] : ['aggregates'];
  const [kind, setKind] = useState<ExportKind>('aggregates');
  const [format, setFormat] = useState<ExportFormat>('csv');
  const [starting, setStarting] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const kindId = useId();
  const formatId = useId();

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setStarting(true);
    setFailure(null);
    try {
      const query: Record<string, string> = kind === 'aggregates' ? { level, period, region: regionCode } : { region: regionCode };
      const started = await startExport({ theme: slug, kind, format, query });
      onStarted(started.id);
      await queryClient.invalidateQueries({ queryKey: exportKeys.list });
    } catch (error) {
      setFailure(error);
    } finally {
      setStarting(false);
    }
  };

  return (
    <form className="downloads-block" onSubmit={(event) => void submit(event)}>
      <h3 className="downloads-subtitle">{k('fullTitle')}</h3>
      <p className="muted small">{k('fullLead', { region: region.data?.name ?? regionCode })}</p>
      <div className="downloads-fields">
        {kinds.length > 1 && (
          <div className="downloads-field">
            <label htmlFor={kindId}>{k('kind')}</label>
            <select id={kindId} className="input" value={kind} onChange={(event) => setKind(event.target.value as ExportKind)}>
              {kinds.map((value) => (
                <option key={value} value={value}>
                  {k(`kinds.${value}`)}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="downloads-field">
          <label htmlFor={formatId}>{k('format')}</label>
          <select id={formatId} className="input" value={format} onChange={(event) => setFormat(event.target.value as ExportFormat)}>
            {(['csv', 'xlsx', 'json'] as const).map((value) => (
              <option key={value} value={value}>
                {k(`formats.${value}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button--primary" disabled={starting}>
          {starting ? k('starting') : k('start')}
        </button>
      </div>
      {failure !== null && (
        <p className="notice notice--danger" role="alert">
          {k('startFailed')} {describeError(failure, t)}
        </p>
      )}
      {current && <CurrentExport id={current} />}
    </form>
  );
}

/** The export just started: its progress bar, then its file. */
function CurrentExport({ id }: { id: string }): ReactElement | null {
  const queryClient = useQueryClient();
  const view = useExport(id).data;
  const status = view?.status;
  useEffect(() => {
    // Once it ends, the list shows it as it is now.
    if (status === 'done' || status === 'failed') void queryClient.invalidateQueries({ queryKey: exportKeys.list, exact: true });
  }, [status, queryClient]);
  if (!view) return null;
  return (
    <div className="downloads-current" aria-live="polite">
      <ExportProgress view={view} />
      {view.status === 'done' && <DownloadButton view={view} primary />}
    </div>
  );
}

function ExportProgress({ view }: { view: ExportView }): ReactElement {
  const { k } = useDownloadsTexts();
  const percent = Math.round(view.progress * 100);
  return (
    <div className="downloads-progress">
      <div className="downloads-progress-head">
        <span className={`badge ${STATUS_BADGE[view.status]}`}>{k(`statuses.${view.status}`)}</span>
        <span className="muted small">
          {view.status === 'failed' ? k('failedReason', { reason: view.error ?? '' }) : `${percent}% · ${k('rows', { count: view.rows })}`}
        </span>
      </div>
      {isPending(view) && <progress className="downloads-bar" max={100} value={percent} aria-label={k('progressLabel')} />}
    </div>
  );
}

const STATUS_BADGE: Record<ExportView['status'], string> = {
  queued: 'badge--neutral',
  running: 'badge--info',
  done: 'badge--success',
  failed: 'badge--danger',
};

function DownloadButton({ view, primary = false }: { view: ExportView; primary?: boolean }): ReactElement {
  const { k } = useDownloadsTexts();
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const kindWord = k(`kindShort.${view.kind}`);
  const filename = `${view.theme}-${kindWord.toLowerCase()}-${wibDate(new Date(view.createdAt))}.${view.format}`;
  const save = async (): Promise<void> => {
    setBusy(true);
    setFailure(null);
    try {
      await downloadFile(exportFilePath(view.id), filename);
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button
        type="button"
        className={`button ${primary ? 'button--primary' : 'button--secondary'} button--small`}
        disabled={busy}
        aria-label={k('downloadNamed', { name: filename })}
        onClick={() => void save()}
      >
        {busy ? k('downloading') : k('download')}
      </button>
      {failure !== null && (
        <p className="notice notice--danger" role="alert">
          {describeError(failure, t)}
        </p>
      )}
    </>
  );
}

function ExportHistory({ highlight }: { highlight: string | null }): ReactElement {
  const { k, language } = useDownloadsTexts();
  const { t } = useTranslation();
  const headingId = useId();
  const exports = useExports();
  const themes = useThemes();
  const titleOf = (slug: string): string => themes.data?.find((theme) => theme.slug === slug)?.title ?? slug;
  return (
    <div className="downloads-block">
      <h3 className="downloads-subtitle" id={headingId}>
        {k('history')}
      </h3>
      <p className="muted small">{k('historyLead')}</p>
      <PageState pending={exports.isPending} error={exports.error} onRetry={() => void exports.refetch()}>
        {exports.data?.length === 0 ? (
          <p className="empty">{k('historyEmpty')}</p>
        ) : (
          <ul className="downloads-list" aria-labelledby={headingId}>
            {exports.data?.map((view) => (
              <li key={view.id} className={view.id === highlight ? 'downloads-item downloads-item--new' : 'downloads-item'}>
                <div className="downloads-item-text">
                  <strong>
                    {k(`kindShort.${view.kind}`)} · {view.format.toUpperCase()} · {titleOf(view.theme)}
                  </strong>
                  <span className="muted small">
                    {view.query.level && `${k('perLevel', { level: t(`regionLevels.${view.query.level}`).toLowerCase() })} · `}
                    {k('createdAt', { time: formatDateTime(view.createdAt, language) })}
                    {view.expiresAt && ` · ${k('expiresAt', { time: formatDateTime(view.expiresAt, language) })}`}
                  </span>
                  {view.status !== 'done' && <ExportProgress view={view} />}
                </div>
                {view.status === 'done' && <DownloadButton view={view} />}
              </li>
            ))}
          </ul>
        )}
      </PageState>
    </div>
  );
}
