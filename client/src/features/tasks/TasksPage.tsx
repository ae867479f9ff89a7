import { useEffect, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Icon } from '../../app/Icon';
import { PageState } from '../../app/PageState';
import { themeTexts } from '../../app/i18n';
import { formatDateTime, formatPeriod } from '../../lib/wib';
import type { TaskState } from './task-status';
import { useTasks, type RegionTask, type Task } from './use-tasks';

const TONE: Record<TaskState, string> = { done: 'success', pending: 'warning', late: 'danger', open: 'info', unassigned: 'neutral' };

export function TaskBadge({ state, queued = false }: { state: TaskState; queued?: boolean }): ReactElement {
  const { t } = useTranslation();
  if (state === 'done' && queued) return <span className="badge badge--info">{t('tasks.state.queued')}</span>;
  return <span className={`badge badge--${TONE[state]}`}>{t(`tasks.state.${state}`)}</span>;
}

const fillLink = (task: Task, region: RegionTask): string => {
  // `versi` lets the form ask for its version before the theme list answers (fill/open-by-link/fill-path.ts).
  const query = new URLSearchParams({ wilayah: region.region.code, versi: String(task.theme.latestVersion) });
  if (task.periodKey) query.set('periode', task.periodKey);
  // A report already sent is revised starting from what was sent.
  if (task.theme.unit === 'report' && region.latestId) query.set('revisi', region.latestId);
  return `/tugas/${encodeURIComponent(task.theme.slug)}?${query.toString()}`;
};

function actionLabel(task: Task, region: RegionTask, t: (key: string) => string): string {
  if (task.theme.unit === 'record') return t('tasks.addRecord');
  return region.state === 'done' ? t('tasks.revise') : t('tasks.fill');
}

function RegionRow({ task, region }: { task: Task; region: RegionTask }): ReactElement {
  const { t } = useTranslation();
  return (
    <li className="task-region">
      <div>
        <p className="task-region-name">{region.region.name}</p>
        {task.theme.unit === 'record' && (
          <p className="muted small">{t(task.periodKey ? 'tasks.records' : 'tasks.recordsTotal', { count: region.count })}</p>
        )}
        {region.hasDraft && <p className="small text-info">{t('tasks.draft')}</p>}
      </div>
      <TaskBadge state={region.state} queued={region.queued} />
      <Link className="button button--secondary button--small" to={fillLink(task, region)}>
        {actionLabel(task, region, t)}
      </Link>
    </li>
  );
}

function TaskCard({ task }: { task: Task }): ReactElement {
  const { t, i18n } = useTranslation();
  const due = task.regions[0]?.due ?? null;
  const single = task.regions.length === 1 ? task.regions[0] : null;
  return (
    <article className={`card task-card task-card--${task.state}`} aria-labelledby={`task-${task.theme.slug}`}>
      <div className="task-card-head">
        <h2 id={`task-${task.theme.slug}`} className="task-title">
          {themeTexts(task.theme, i18n.language).title}
        </h2>
        {!task.loading && <TaskBadge state={task.state} queued={single?.queued} />}
      </div>
      <p className="task-meta">
        {task.periodKey ? formatPeriod(task.theme.period, task.periodKey, i18n.language) : t('tasks.noPeriod')}
        {due && (
          <>
            {' · '}
            <span className={task.state === 'late' ? 'text-danger' : undefined}>
              <Icon name="clock" size={14} /> {t('tasks.due', { time: formatDateTime(due, i18n.language) })}
            </span>
          </>
        )}
      </p>
      {task.loading && <p className="muted small">{t('common.loading')}</p>}
      {!task.loading && task.regions.length === 0 && (
        <p className="muted">{t('tasks.noRegions', { level: t(`regionLevels.${task.theme.regionLevel}`) })}</p>
      )}
      {single && (
        <div className="task-actions">
          {single.sentLate && <p className="muted small">{t('tasks.sentLate')}</p>}
          {single.hasDraft && <p className="small text-info">{t('tasks.draft')}</p>}
          {task.theme.unit === 'record' && (
            <p className="muted small">{t(task.periodKey ? 'tasks.records' : 'tasks.recordsTotal', { count: single.count })}</p>
          )}
          <Link
            className={`button ${single.state === 'done' ? 'button--secondary' : 'button--primary'} button--block`}
            to={fillLink(task, single)}
          >
            {actionLabel(task, single, t)}
          </Link>
        </div>
      )}
      {task.regions.length > 1 && (
        <details className="task-regions">
          <summary>
            {t('tasks.regionProgress', { done: task.done, total: task.regions.length })}
          </summary>
          <ul>
            {task.regions.map((region) => (
              <RegionRow key={region.region.code} task={task} region={region} />
            ))}
          </ul>
        </details>
      )}
    </article>
  );
}

export function TasksPage(): ReactElement {
  const { t } = useTranslation();
  const { tasks, isPending, error, refetch, root } = useTasks();

  useEffect(() => {
    document.title = `${t('tasks.title')} — Wakuncar`;
  }, [t]);

  // The form engine is the next thing a cadre needs: fetch it while they read the list.
  useEffect(() => {
    const load = (): void => void import('../fill/FillPage');
    if ('requestIdleCallback' in window) {
      const handle = window.requestIdleCallback(load, { timeout: 3000 });
      return () => window.cancelIdleCallback(handle);
    }
    const handle = setTimeout(load, 1000);
    return () => clearTimeout(handle);
  }, []);

  const count = (state: TaskState): number => tasks.filter((task) => task.state === state).length;
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1 className="page-title">{t('tasks.title')}</h1>
          {root && <p className="page-lead">{t('tasks.lead', { region: root.name })}</p>}
        </div>
        <button type="button" className="button button--quiet button--small" onClick={refetch}>
          <Icon name="refresh" size={16} /> {t('common.refresh')}
        </button>
      </div>
      <PageState pending={isPending} error={error} onRetry={refetch}>
        {tasks.length === 0 ? (
          <div className="empty">
            <p>{t('tasks.empty')}</p>
          </div>
        ) : (
          <>
            <ul className="summary" aria-label={t('tasks.summary')}>
              <li className="summary-item summary-item--danger">
                <span className="summary-number">{count('late')}</span> {t('tasks.state.late')}
              </li>
              <li className="summary-item summary-item--warning">
                <span className="summary-number">{count('pending')}</span> {t('tasks.state.pending')}
              </li>
              <li className="summary-item summary-item--success">
                <span className="summary-number">{count('done')}</span> {t('tasks.state.done')}
              </li>
            </ul>
            <div className="task-list">
              {tasks.map((task) => (
                <TaskCard key={task.theme.slug} task={task} />
              ))}
            </div>
          </>
        )}
      </PageState>
    </div>
  );
}
