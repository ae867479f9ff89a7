import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  loadRegionChildren,
  loadSubmissions,
  queryKeys,
  useRegion,
  useSubmission,
  useThemes,
  useThemeVersion,
  validatorModuleQuery,
} from '../../api/queries';
import type { JsonObject, Region, ThemeSummary, ThemeVersion } from '../../api/types';
import { PageState } from '../../app/PageState';
import { useToast } from '../../app/Toaster';
import { prepareForm } from '../../forms/prepare';
import { problemsToErrorSchema } from '../../forms/server-errors';
import { ThemeForm } from '../../forms/ThemeForm';
import { whenIdle } from '../../lib/idle';
import { formatDateTime, formatPeriod, periodKey, previousPeriodKey } from '../../lib/wib';
import { useCurrentUser } from '../auth/AuthProvider';
import type { Draft, OutboxItem } from '../offline/database';
import { appOutbox, useOutbox } from '../offline/OutboxProvider';
import { RejectionNotice } from '../offline/RejectionNotice';
import { levelDepth, regionsAtLevel } from '../tasks/task-status';
import { newUuid } from '../../lib/uuid';
import { deleteDraft, draftKey, forgetPreloadedDrafts, loadDraft, preloadedDraft, saveDraft } from './drafts';

/** Stop waiting for the server after this long; the outbox keeps sending in the background. */
const SEND_WAIT_MS = 8000;
const AUTOSAVE_MS = 800;

/** When the draft was last saved: a store of its own, so an autosave redraws one line, not the form. */
interface SavedAtStore {
  get: () => string | null;
  set: (value: string | null) => void;
  subscribe: (listener: () => void) => () => void;
}

function createSavedAtStore(): SavedAtStore {
  let value: string | null = null;
  const listeners = new Set<() => void>();
  return {
    get: () => value,
    set: (next) => {
      value = next;
      listeners.forEach((listener) => listener());
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

function DraftSavedStatus({ store }: { store: SavedAtStore }): ReactElement {
  const { t, i18n } = useTranslation();
  const savedAt = useSyncExternalStore(store.subscribe, store.get);
  // The first "saved at" time builds a time-zone formatter (~10–40 ms on a throttled phone, measured
  // landing on a keystroke in bench/render): built while the page is idle instead.
  useEffect(() => whenIdle(() => void formatDateTime(new Date(), i18n.language), 3000), [i18n.language]);
  return (
    <p className="form-actions-status muted small" role="status">
      {savedAt ? t('fill.draftSaved', { time: formatDateTime(savedAt, i18n.language) }) : t('fill.draftAuto')}
    </p>
  );
}

interface FillFormProps {
  theme: ThemeSummary;
  definition: ThemeVersion;
  region: Region;
  period: string | undefined;
  mode: 'new' | 'revision' | 'outbox';
  source: JsonObject | undefined;
  queued: OutboxItem | undefined;
  revises: string | undefined;
}

function FillForm({ theme, definition, region, period, mode, source, queued, revises }: FillFormProps): ReactElement {
  const { t, i18n } = useTranslation();
  const user = useCurrentUser();
  const outbox = useOutbox();
  const notify = useToast();
  const navigate = useNavigate();
  const prepared = useMemo(() => prepareForm(definition.schema, definition.uiSchema), [definition]);
  const queryClient = useQueryClient();
  // The version's checks precompiled by the server: already asked for when the form was opened by link (open-by-link/prefetch.ts).
  const validatorSource = useCallback(
    () => queryClient.fetchQuery(validatorModuleQuery(theme.slug, definition.version)),
    [queryClient, theme.slug, definition.version],
  );
  const key = draftKey({
    userId: user.id,
    theme: theme.slug,
    regionCode: region.code,
    period,
    mode: mode === 'new' ? 'new' : mode === 'revision' ? `revision:${revises ?? ''}` : `outbox:${queued?.id ?? ''}`,
  });
  const [draft, setDraft] = useState<{ loaded: boolean; value?: Draft }>(() => {
    const readAhead = preloadedDraft(key);
    return readAhead ? { loaded: true, value: readAhead.value } : { loaded: false };
  });
  const [formKey, setFormKey] = useState(0);
  const [savedAt] = useState(createSavedAtStore);
  const [submitting, setSubmitting] = useState(false);
  const latest = useRef<JsonObject | null>(null);
  const autosave = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    const readAhead = preloadedDraft(key);
    forgetPreloadedDrafts();
    if (readAhead) {
      setDraft((current) => (current.loaded && current.value === readAhead.value ? current : { loaded: true, value: readAhead.value }));
      return undefined;
    }
    let cancelled = false;
    void loadDraft(key).then((value) => {
      if (!cancelled) setDraft({ loaded: true, value });
    });
    return () => {
      cancelled = true;
    };
  }, [key]);

  const existing = useQuery({
    queryKey: queryKeys.submissions(theme.slug, region.code, period),
    queryFn: () => loadSubmissions(theme.slug, region.code, period),
    enabled: theme.unit === 'report' && mode === 'new',
  });

  const store = async (data: JsonObject): Promise<void> => {
    const stamp = new Date().toISOString();
    await saveDraft({
      key,
      userId: user.id,
      theme: theme.slug,
      version: definition.version,
      regionCode: region.code,
      period,
      data,
      savedAt: stamp,
      outboxId: queued?.id,
      revises,
    });
    savedAt.set(stamp);
  };

  // Leaving the page, switching to another app (the phone may then close the browser) or closing the
  // tab saves what was typed at once instead of after the autosave pause.
  const storeRef = useRef(store);
  storeRef.current = store;
  useEffect(() => {
    const flush = (): void => {
      if (!autosave.current) return;
      clearTimeout(autosave.current);
      autosave.current = null;
      if (latest.current) void storeRef.current(latest.current).catch(() => undefined);
    };
    const onHide = (): void => {
      if (document.visibilityState === 'hidden') flush();
    };
    document.addEventListener('visibilitychange', onHide);
    window.addEventListener('pagehide', flush);
    return () => {
      document.removeEventListener('visibilitychange', onHide);
      window.removeEventListener('pagehide', flush);
      flush();
    };
  }, []);

  // Stable, like every prop ThemeForm gets here: RJSF recomputes its whole state when a prop changes.
  const onChange = useCallback((data: JsonObject): void => {
    latest.current = data;
    if (autosave.current) clearTimeout(autosave.current);
    autosave.current = setTimeout(() => {
      autosave.current = null;
      void storeRef.current(data).catch(() => undefined);
    }, AUTOSAVE_MS);
  }, []);

  const discardDraft = async (): Promise<void> => {
    await deleteDraft(key);
    latest.current = null;
    savedAt.set(null);
    setDraft({ loaded: true });
    setFormKey((value) => value + 1);
  };

  const submit = async (data: JsonObject): Promise<void> => {
    if (submitting) return;
    setSubmitting(true);
    // What is submitted is no longer a draft: nothing may save it again on the way out.
    if (autosave.current) clearTimeout(autosave.current);
    autosave.current = null;
    latest.current = null;
    const conflict = queued?.lastFailure?.problem?.status === 409;
    const id = queued && !conflict ? queued.id : newUuid();
    try {
      await outbox.enqueue({
        id,
        userId: user.id,
        theme: theme.slug,
        themeTitle: definition.title,
        version: definition.version,
        regionCode: region.code,
        regionName: region.name,
        period,
        data,
        revises,
      });
      if (queued && conflict) await outbox.remove(queued.id);
      await deleteDraft(key).catch(() => undefined);
    } catch {
      setSubmitting(false);
      notify(t('fill.storeFailed'), 'danger');
      return;
    }
    const report = await Promise.race([
      outbox.sendNow(),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), SEND_WAIT_MS)),
    ]);
    if (report?.sent.includes(id)) {
      // The outbox itself announces what it sent.
      navigate('/kiriman');
    } else if (report?.rejected.includes(id)) {
      notify(t('fill.rejected'), 'danger');
      navigate(`/tugas/${encodeURIComponent(theme.slug)}?antrean=${encodeURIComponent(id)}`, { replace: true });
    } else {
      notify(t('fill.queued'), 'info');
      navigate('/kiriman');
    }
  };

  const submitRef = useRef(submit);
  submitRef.current = submit;
  const onSubmit = useCallback((data: JsonObject) => void submitRef.current(data), []);
  const initial = useMemo(() => draft.value?.data ?? source ?? {}, [draft.value, source]);
  const problems = queued?.lastFailure?.problem?.errors;
  const serverErrors = useMemo(() => (problems?.length ? problemsToErrorSchema(problems) : undefined), [problems]);
  const actions = useMemo(
    () => (
      <div className="form-actions">
        <DraftSavedStatus store={savedAt} />
        <button
          type="button"
          className="button button--secondary"
          onClick={() => {
            if (latest.current) void storeRef.current(latest.current).then(() => notify(t('fill.draftSavedToast'), 'success'));
            else notify(t('fill.nothingToSave'), 'info');
          }}
        >
          {t('fill.saveDraft')}
        </button>
        <button type="submit" className="button button--primary button--large" disabled={submitting}>
          {submitting ? t('fill.sending') : t('fill.submit')}
        </button>
      </div>
    ),
    [savedAt, notify, t, submitting],
  );

  if (!draft.loaded) return <PageState pending error={null}>{null}</PageState>;

  const alreadySent = (existing.data?.items.length ?? 0) > 0;
  return (
    <>
      {queued?.state === 'rejected' && <RejectionNotice item={queued} inForm />}
      {alreadySent && <div className="notice notice--info">{t('fill.willRevise')}</div>}
      {draft.value && (
        <div className="notice notice--info draft-notice">
          <p>{t('fill.draftRestored', { time: formatDateTime(draft.value.savedAt, i18n.language) })}</p>
          <button type="button" className="button button--quiet button--small" onClick={() => void discardDraft()}>
            {t('fill.discardDraft')}
          </button>
        </div>
      )}
      <ThemeForm
        key={formKey}
        id="fill-form"
        prepared={prepared}
        initialData={initial}
        rootRegionCode={user.regionCode}
        userId={user.id}
        onChange={onChange}
        onSubmit={onSubmit}
        serverErrors={serverErrors}
        validatorSource={validatorSource}
      >
        {actions}
      </ThemeForm>
    </>
  );
}

function RegionChoice({ root, level, onChoose }: { root: Region; level: ThemeVersion['regionLevel']; onChoose: (code: string) => void }): ReactElement {
  const { t } = useTranslation();
  const regions = useQuery({
    queryKey: ['regions', 'at-level', root.code, level],
    queryFn: () => regionsAtLevel(root, level, loadRegionChildren),
    staleTime: 10 * 60_000,
  });
  return (
    <PageState pending={regions.isPending} error={regions.error}>
      <div className="card">
        <label className="field-label" htmlFor="fill-region">
          {t('fill.chooseRegion', { level: t(`regionLevels.${level}`) })}
        </label>
        <select id="fill-region" className="input" defaultValue="" onChange={(event) => event.target.value && onChoose(event.target.value)}>
          <option value="">{t('widgets.region.choose', { level: t(`regionLevels.${level}`) })}</option>
          {(regions.data ?? []).map((region) => (
            <option key={region.code} value={region.code}>
              {region.name}
            </option>
          ))}
        </select>
      </div>
    </PageState>
  );
}

/** Fill one theme for one region and period: `/tugas/:slug?wilayah=&periode=` (`&revisi=` · `&antrean=`). */
export function FillPage(): ReactElement {
  const { t, i18n } = useTranslation();
  const { slug = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const user = useCurrentUser();
  const outbox = useOutbox();
  const themes = useThemes();
  const root = useRegion(user.regionCode);
  const theme = themes.data?.find((candidate) => candidate.slug === slug);
  const outboxId = search.get('antrean') ?? undefined;
  const revisionOf = search.get('revisi') ?? undefined;
  const queuedQuery = useQuery({
    queryKey: ['outbox-item', outboxId, outbox.items.find((item) => item.id === outboxId)?.updatedAt],
    queryFn: async () => (await appOutbox().get(outboxId ?? '')) ?? null,
    enabled: Boolean(outboxId),
  });
  const queued = queuedQuery.data ?? undefined;
  const revision = useSubmission(revisionOf);
  const version = queued?.version ?? theme?.latestVersion;
  const definition = useThemeVersion(slug, version);

  const now = useMemo(() => new Date(), []);
  const currentPeriod = definition.data ? (periodKey(definition.data.period, now) ?? undefined) : undefined;
  const period = queued?.period ?? revision.data?.periodKey ?? search.get('periode') ?? currentPeriod;
  const ownLevel = root.data && definition.data && root.data.level === definition.data.regionLevel;
  const regionCode = queued?.regionCode ?? revision.data?.regionCode ?? search.get('wilayah') ?? (ownLevel ? user.regionCode : undefined);
  const region = useRegion(regionCode);

  useEffect(() => {
    document.title = `${definition.data?.title ?? t('fill.title')} — Wakuncar`;
  }, [definition.data?.title, t]);

  const pending =
    themes.isPending || root.isPending || definition.isPending || (Boolean(outboxId) && queuedQuery.isPending) || (Boolean(revisionOf) && revision.isPending);
  const error = themes.error ?? root.error ?? definition.error ?? revision.error;
  const mode = queued ? 'outbox' : revisionOf ? 'revision' : 'new';
  const periods =
    definition.data && currentPeriod && mode === 'new'
      ? [currentPeriod, previousPeriodKey(definition.data.period, currentPeriod)].filter((key): key is string => Boolean(key))
      : [];

  const setParam = (name: string, value: string): void => {
    const next = new URLSearchParams(search);
    next.set(name, value);
    setSearch(next, { replace: true });
  };

  return (
    <div className="page page--form">
      <p className="breadcrumb">
        <Link to="/tugas">{t('nav.tasks')}</Link>
      </p>
      <PageState pending={pending} error={error}>
        {!theme || !definition.data || !root.data ? (
          <div className="notice notice--warning">{outboxId && !queued ? t('fill.queuedGone') : t('fill.themeMissing')}</div>
        ) : levelDepth(definition.data.regionLevel) < levelDepth(root.data.level) ? (
          <div className="notice notice--warning">{t('fill.aboveScope')}</div>
        ) : (
          <>
            <header className="form-header">
              <h1 className="page-title">{definition.data.title}</h1>
              {definition.data.description && <p className="page-lead">{definition.data.description}</p>}
              <dl className="form-context">
                <div>
                  <dt>{t('fill.region')}</dt>
                  <dd>{region.data?.name ?? regionCode ?? '—'}</dd>
                </div>
                <div>
                  <dt>{t('fill.version')}</dt>
                  <dd>{definition.data.version}</dd>
                </div>
                {period && (
                  <div>
                    <dt>{t('fill.period')}</dt>
                    <dd>
                      {periods.length > 1 ? (
                        <select
                          aria-label={t('fill.period')}
                          className="input input--inline"
                          value={period}
                          onChange={(event) => setParam('periode', event.target.value)}
                        >
                          {periods.map((key) => (
                            <option key={key} value={key}>
                              {formatPeriod(definition.data.period, key, i18n.language)}
                            </option>
                          ))}
                        </select>
                      ) : (
                        formatPeriod(definition.data.period, period, i18n.language)
                      )}
                    </dd>
                  </div>
                )}
              </dl>
            </header>
            {!regionCode ? (
              <RegionChoice root={root.data} level={definition.data.regionLevel} onChoose={(code) => setParam('wilayah', code)} />
            ) : !region.data ? (
              <PageState pending={region.isPending} error={region.error}>
                <div className="notice notice--warning">{t('fill.regionMissing')}</div>
              </PageState>
            ) : (
              <FillForm
                key={`${regionCode}|${period ?? ''}|${queued?.id ?? ''}|${revisionOf ?? ''}`}
                theme={theme}
                definition={definition.data}
                region={region.data}
                period={definition.data.period === 'none' ? undefined : period}
                mode={mode}
                source={queued?.data ?? revision.data?.data}
                queued={queued}
                revises={queued?.revises ?? revisionOf}
              />
            )}
          </>
        )}
      </PageState>
    </div>
  );
}
