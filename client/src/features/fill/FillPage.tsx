import { useEffect, useMemo, useRef, type ReactElement, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { levelDepth } from '../../api/types';
import { isApiError } from '../../api/http';
import { useRegion, useSubmission, useThemes, useThemeVersion } from '../../api/queries';
import { PageState } from '../../app/PageState';
import { themeTexts } from '../../app/i18n';
import { periodKey, previousPeriodKey } from '../../lib/wib';
import { useCurrentUser } from '../auth/AuthProvider';
import { appOutbox, useOutbox } from '../offline/OutboxProvider';
import { FillForm } from './FillForm';
import { FillHeader } from './FillHeader';
import { RegionChoice } from './RegionChoice';
import { regionLabel } from '../../app/RegionName';

/** True when `code` is `scope` itself or lies below it, as the server decides scope. */
const isWithinRegion = (code: string, scope: string): boolean => code === scope || code.startsWith(`${scope}.`);

/** The link names a version written as no version can be. */
const malformedVersion = (text: string | null): boolean => text !== null && !/^[1-9][0-9]{0,5}$/.test(text);

/** Why a link cannot be filled, said at once, with the way back. */
function Refusal({ children, action }: { children: ReactNode; action?: ReactNode }): ReactElement {
  const { t } = useTranslation();
  return (
    <div className="notice notice--warning" role="alert">
      <p>{children}</p>
      <p className="notice-actions">
        {action}
        <Link className="button button--secondary button--small" to="/tugas">
          {t('fill.backToTasks')}
        </Link>
      </p>
    </div>
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
  // `versi` is a hint of Tugas saya: an older version still opens the latest, but one beyond the
  // theme list's latest is asked for (the list kept offline may be behind), so a version that does
  // not exist is said to be missing instead of quietly opening another one.
  const linkVersion = search.get('versi');
  const askedVersion = malformedVersion(linkVersion) ? undefined : Number(linkVersion ?? 0);
  const chosenVersion = queued?.version ?? (theme && askedVersion && askedVersion > theme.latestVersion ? askedVersion : theme?.latestVersion);
  // Once drawn, the form keeps its version: a theme list refreshed in the background (or a version
  // published meanwhile) must not swap the form under the cadre's fingers. Older versions are still
  // accepted by the server.
  const pin = useRef<{ form: string; version: number } | null>(null);
  const form = `${slug}|${outboxId ?? ''}|${revisionOf ?? ''}`;
  const version = pin.current?.form === form ? pin.current.version : chosenVersion;
  const definition = useThemeVersion(slug, version);
  if (definition.data && version !== undefined && pin.current?.form !== form) pin.current = { form, version };
  const versionMissing = !queued && Boolean(theme) && (malformedVersion(linkVersion) || (isApiError(definition.error) && definition.error.status === 404));

  // A queued or revised submission keeps its own period and region; otherwise the link's, else the
  // current period and, for a theme filled at the cadre's own level, the cadre's region.
  const now = useMemo(() => new Date(), []);
  const currentPeriod = definition.data ? (periodKey(definition.data.period, now) ?? undefined) : undefined;
  const period = queued?.period ?? revision.data?.periodKey ?? search.get('periode') ?? currentPeriod;
  const ownLevel = root.data && definition.data && root.data.level === definition.data.regionLevel;
  const linkRegion = search.get('wilayah');
  // Refused before anything is typed: the server would refuse it only at the end.
  const regionOutOfScope = !queued && !revisionOf && linkRegion !== null && !isWithinRegion(linkRegion, user.regionCode);
  const regionCode = queued?.regionCode ?? revision.data?.regionCode ?? (regionOutOfScope ? undefined : linkRegion) ?? (ownLevel ? user.regionCode : undefined);
  const region = useRegion(regionCode);

  const title = definition.data ? themeTexts(definition.data, i18n.language).title : t('fill.title');
  useEffect(() => {
    document.title = `${title} — Wakuncar`;
  }, [title]);

  // isLoading, not isPending: a version never asked for (an unknown theme) is pending for ever.
  const pending =
    themes.isPending || root.isPending || definition.isLoading || (Boolean(outboxId) && queuedQuery.isPending) || (Boolean(revisionOf) && revision.isPending);
  const error = themes.error ?? root.error ?? (versionMissing ? null : definition.error) ?? revision.error;
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
        {theme && versionMissing ? (
          <Refusal
            action={
              <Link className="button button--primary button--small" to={`/tugas/${encodeURIComponent(slug)}`}>
                {t('fill.openLatest')}
              </Link>
            }
          >
            {t('fill.versionMissing', { title: themeTexts(theme, i18n.language).title, version: linkVersion })}
          </Refusal>
        ) : !theme || !definition.data || !root.data ? (
          <Refusal>{outboxId && !queued ? t('fill.queuedGone') : t('fill.themeMissing')}</Refusal>
        ) : regionOutOfScope ? (
          <Refusal>{t('fill.regionOutOfScope')}</Refusal>
        ) : region.data && mode === 'new' && region.data.level !== definition.data.regionLevel ? (
          <Refusal>{t('fill.regionWrongLevel', { level: t(`regionLevels.${definition.data.regionLevel}`) })}</Refusal>
        ) : levelDepth(definition.data.regionLevel) < levelDepth(root.data.level) ? (
          <div className="notice notice--warning">{t('fill.aboveScope')}</div>
        ) : (
          <>
            <FillHeader
              definition={definition.data}
              regionName={region.data ? regionLabel(region.data) : (regionCode ?? '—')}
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
