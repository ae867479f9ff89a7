import { useEffect, useMemo, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { useRegion, useSubmission, useThemes, useThemeVersion } from '../../api/queries';
import { PageState } from '../../app/PageState';
import { themeTexts } from '../../app/i18n';
import { periodKey, previousPeriodKey } from '../../lib/wib';
import { useCurrentUser } from '../auth/AuthProvider';
import { appOutbox, useOutbox } from '../offline/OutboxProvider';
import { levelDepth } from '../tasks/task-status';
import { FillForm } from './FillForm';
import { FillHeader } from './FillHeader';
import { RegionChoice } from './RegionChoice';

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

  // A queued or revised submission keeps its own period and region; otherwise the link's, else the
  // current period and, for a theme filled at the cadre's own level, the cadre's region.
  const now = useMemo(() => new Date(), []);
  const currentPeriod = definition.data ? (periodKey(definition.data.period, now) ?? undefined) : undefined;
  const period = queued?.period ?? revision.data?.periodKey ?? search.get('periode') ?? currentPeriod;
  const ownLevel = root.data && definition.data && root.data.level === definition.data.regionLevel;
  const regionCode = queued?.regionCode ?? revision.data?.regionCode ?? search.get('wilayah') ?? (ownLevel ? user.regionCode : undefined);
  const region = useRegion(regionCode);

  const title = definition.data ? themeTexts(definition.data, i18n.language).title : t('fill.title');
  useEffect(() => {
    document.title = `${title} — Wakuncar`;
  }, [title]);

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
            <FillHeader
              definition={definition.data}
              regionName={region.data?.name ?? regionCode ?? '—'}
              period={period}
              periods={periods}
              onPeriod={(key) => setParam('periode', key)}
            />
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
