import { useEffect, useId, useMemo, useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useThemes } from '../../../api/queries';
import { PageState } from '../../../app/PageState';
import { formatDateTime } from '../../../lib/wib';
import '../../tokens/tool-page.css';
import './audit.css';
import './texts';
import { auditKey, fetchAuditActions, fetchAuditPage, type AuditFilter, type AuditItem } from './audit-api';

const NO_FILTER: AuditFilter = { user: '', action: '', from: '', to: '' };
const NAMED_TARGETS = ['region', 'user', 'api_token', 'theme', 'webhook'];

const text = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');

/** An action in plain words; one this screen does not know yet is "another action", never its code. */
function useActionLabel(): (action: string) => string {
  const { t } = useTranslation();
  return (action) =>
    t(`adminAudit.actions.${action}`, {
      defaultValue: t('adminAudit.actions.other'),
    });
}

/** What the action was about, from the row's target and details: "Wilayah RW 07", "Pengguna kader.audit". */
function useTargetLabel(): (item: AuditItem) => string {
  const { t } = useTranslation();
  const themes = useThemes();
  const titles = useMemo(() => new Map((themes.data ?? []).map((theme) => [theme.slug, theme.title])), [themes.data]);
  return (item) => {
    const type = item.targetType ?? '';
    const details = item.details ?? {};
    let label = '';
    if (NAMED_TARGETS.includes(type)) {
      const name =
        type === 'theme'
          ? (titles.get(item.targetId ?? '') ?? item.targetId ?? '')
          : text(details.name) || text(details.username) || text(details.url);
      // A sign-in names its user as the actor already; a target with no name says nothing.
      label = name ? t(`adminAudit.targets.${type}`, { name }) : '';
    } else if (type === 'submission' || type === 'export') label = t(`adminAudit.targets.${type}`);
    const version = text(details.version);
    return version ? `${label}, ${t('adminAudit.targets.version', { version })}` : label;
  };
}

function Filters({ applied, onApply }: { applied: AuditFilter; onApply: (filter: AuditFilter) => void }): ReactElement {
  const { t } = useTranslation();
  const actionLabel = useActionLabel();
  const id = useId();
  const [draft, setDraft] = useState(applied);
  const [badRange, setBadRange] = useState(false);
  const actions = useQuery({
    queryKey: [...auditKey, 'actions'],
    queryFn: fetchAuditActions,
  });
  const options = useMemo(
    () => (actions.data ?? []).map((action) => ({ action, label: actionLabel(action) })).sort((left, right) => left.label.localeCompare(right.label)),
    [actions.data, actionLabel],
  );
  const set = (key: keyof AuditFilter) => (value: string) => setDraft((current) => ({ ...current, [key]: value }));
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const wrong = Boolean(draft.from && draft.to && draft.from > draft.to);
    setBadRange(wrong);
    if (!wrong) onApply({ ...draft, user: draft.user.trim() });
  };
  return (
    <form className="card audit-filters" onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
      <h2 id={`${id}-title`} className="visually-hidden">
        {t('adminAudit.filters.title')}
      </h2>
      <div className="field">
        <label className="field-label" htmlFor={`${id}-user`}>
          {t('adminAudit.filters.user')}
        </label>
        <input
          id={`${id}-user`}
          className="input"
          value={draft.user}
          autoComplete="off"
          onChange={(event) => set('user')(event.target.value)}
          aria-describedby={`${id}-user-help`}
        />
        <span id={`${id}-user-help`} className="field-help">
          {t('adminAudit.filters.userHelp')}
        </span>
      </div>
      <div className="field">
        <label className="field-label" htmlFor={`${id}-action`}>
          {t('adminAudit.filters.action')}
        </label>
        <select id={`${id}-action`} className="input" value={draft.action} onChange={(event) => set('action')(event.target.value)}>
          <option value="">{t('adminAudit.filters.anyAction')}</option>
          {options.map((option) => (
            <option key={option.action} value={option.action}>
              {option.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label className="field-label" htmlFor={`${id}-from`}>
          {t('adminAudit.filters.from')}
        </label>
        <input
          id={`${id}-from`}
          type="date"
          className="input"
          value={draft.from}
          onChange={(event) => set('from')(event.target.value)}
          aria-invalid={badRange || undefined}
        />
      </div>
      <div className="field">
        <label className="field-label" htmlFor={`${id}-to`}>
          {t('adminAudit.filters.to')}
        </label>
        <input
          id={`${id}-to`}
          type="date"
          className="input"
          value={draft.to}
          onChange={(event) => set('to')(event.target.value)}
          aria-invalid={badRange || undefined}
        />
      </div>
      <div className="audit-filter-actions">
        <button type="submit" className="button button--primary">
          {t('adminAudit.filters.apply')}
        </button>
        <button
          type="button"
          className="button button--quiet"
          onClick={() => {
            setDraft(NO_FILTER);
            setBadRange(false);
            onApply(NO_FILTER);
          }}
        >
          {t('adminAudit.filters.clear')}
        </button>
      </div>
      {badRange && (
        <p className="field-error audit-filter-error" role="alert">
          {t('adminAudit.filters.badRange')}
        </p>
      )}
    </form>
  );
}

function AuditTable({ items }: { items: AuditItem[] }): ReactElement {
  const { t, i18n } = useTranslation();
  const actionLabel = useActionLabel();
  const targetLabel = useTargetLabel();
  return (
    <div className="tool-table-wrap">
      <table className="tool-table">
        <caption className="visually-hidden">{t('adminAudit.table.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('adminAudit.table.at')}</th>
            <th scope="col">{t('adminAudit.table.who')}</th>
            <th scope="col">{t('adminAudit.table.action')}</th>
            <th scope="col">{t('adminAudit.table.target')}</th>
            <th scope="col">{t('adminAudit.table.region')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.id}>
              <td data-label={t('adminAudit.table.at')} className="nowrap">
                {formatDateTime(item.at, i18n.language)}
              </td>
              <td data-label={t('adminAudit.table.who')}>{item.actorUsername ?? <span className="muted">{t('adminAudit.table.system')}</span>}</td>
              <td data-label={t('adminAudit.table.action')}>{actionLabel(item.action)}</td>
              <td data-label={t('adminAudit.table.target')}>{targetLabel(item)}</td>
              <td data-label={t('adminAudit.table.region')}>{item.regionName ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The audit log of the admin's subtree: newest first, filtered by who, what and when, in pages. */
export function AuditPage(): ReactElement {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<AuditFilter>(NO_FILTER);
  const log = useInfiniteQuery({
    queryKey: [...auditKey, 'list', filter],
    queryFn: ({ pageParam }) => fetchAuditPage(filter, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = log.data?.pages.flatMap((page) => page.items) ?? [];

  useEffect(() => {
    document.title = `${t('adminAudit.title')} — Wakuncar`;
  }, [t]);

  return (
    <div className="page tool-page">
      <div className="page-head">
        <div>
          <h1 className="page-title">{t('adminAudit.title')}</h1>
          <p className="page-lead">{t('adminAudit.lead')}</p>
        </div>
      </div>
      <Filters applied={filter} onApply={setFilter} />
      <section className="card">
        <PageState pending={log.isPending} error={log.error} onRetry={() => void log.refetch()}>
          {items.length === 0 ? <p className="empty">{t('adminAudit.empty')}</p> : <AuditTable items={items} />}
          {log.hasNextPage && (
            <button
              type="button"
              className="button button--secondary audit-more"
              disabled={log.isFetchingNextPage}
              onClick={() => void log.fetchNextPage()}
            >
              {log.isFetchingNextPage ? t('adminAudit.loadingMore') : t('adminAudit.more')}
            </button>
          )}
        </PageState>
      </section>
    </div>
  );
}
