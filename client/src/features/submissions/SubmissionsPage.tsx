import { useEffect, useMemo, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';
import { useQueries } from '@tanstack/react-query';
import { loadSubmissions, queryKeys, useRegion, useThemes } from '../../api/queries';
import type { Submission, ThemeSummary } from '../../api/types';
import { PageState } from '../../app/PageState';
import { formatDateTime, formatPeriod } from '../../lib/wib';
import { useCurrentUser } from '../auth/AuthProvider';
import { OutboxList } from '../offline/OutboxList';

type Filter = 'all' | 'submitted' | 'approved' | 'rejected';
const FILTERS: readonly Filter[] = ['all', 'submitted', 'approved', 'rejected'];

export const reviewCommentOf = (submission: Submission): string | null =>
  submission.reviewComment ?? submission.review?.comment ?? null;

const STATUS_TONE: Record<string, string> = { approved: 'success', rejected: 'danger', submitted: 'info' };

export function SubmissionStatusBadge({ status }: { status: string }): ReactElement {
  const { t } = useTranslation();
  const known = status in STATUS_TONE;
  return <span className={`badge badge--${STATUS_TONE[status] ?? 'neutral'}`}>{known ? t(`submissions.status.${status}`) : status}</span>;
}

function RegionName({ code }: { code: string }): ReactElement {
  const region = useRegion(code);
  return <>{region.data?.name ?? code}</>;
}

function SubmissionCard({ submission, theme }: { submission: Submission; theme: ThemeSummary | undefined }): ReactElement {
  const { t, i18n } = useTranslation();
  const comment = reviewCommentOf(submission);
  const canRevise = theme?.unit === 'report';
  return (
    <li className={`card submission submission--${submission.status}`}>
      <div className="submission-head">
        <Link to={`/kiriman/${encodeURIComponent(submission.id)}`} className="submission-title">
          {theme?.title ?? submission.theme}
        </Link>
        <SubmissionStatusBadge status={submission.status} />
      </div>
      <p className="muted small">
        <RegionName code={submission.regionCode} />
        {submission.periodKey && theme && ` · ${formatPeriod(theme.period, submission.periodKey, i18n.language)}`}
        {' · '}
        {t('submissions.sentAt', { time: formatDateTime(submission.createdAt, i18n.language) })}
      </p>
      {comment && (
        <blockquote className="review-comment">
          <p className="small muted">{t('submissions.reviewComment')}</p>
          <p>{comment}</p>
        </blockquote>
      )}
      {canRevise && (
        <Link
          className={`button button--small ${submission.status === 'rejected' ? 'button--primary' : 'button--secondary'}`}
          to={`/tugas/${encodeURIComponent(submission.theme)}?revisi=${encodeURIComponent(submission.id)}`}
        >
          {t('submissions.revise')}
        </Link>
      )}
    </li>
  );
}

/** "Kiriman saya": what waits on this phone, then what the server holds, with review status and comments. */
export function SubmissionsPage(): ReactElement {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const location = useLocation();
  const themes = useThemes();
  const [filter, setFilter] = useState<Filter>('all');

  useEffect(() => {
    document.title = `${t('submissions.title')} — Wakuncar`;
  }, [t]);

  useEffect(() => {
    if (location.hash === '#antrean') document.getElementById('antrean')?.scrollIntoView();
  }, [location.hash]);

  const lists = useQueries({
    queries: (themes.data ?? []).map((theme) => ({
      queryKey: queryKeys.submissions(theme.slug, user.regionCode, undefined, true),
      queryFn: () => loadSubmissions(theme.slug, user.regionCode, undefined, true),
    })),
  });

  const bySlug = useMemo(() => new Map((themes.data ?? []).map((theme) => [theme.slug, theme])), [themes.data]);
  const all = lists
    .flatMap((list) => list.data?.items ?? [])
    // A replaced report revision is listed inside its successor's detail page, not here.
    .filter((submission) => submission.current !== false)
    .sort((left, right) => right.createdAt.localeCompare(left.createdAt));
  const shown = filter === 'all' ? all : all.filter((submission) => submission.status === filter);
  const loading = themes.isPending || lists.some((list) => list.isPending);
  const failed = lists.find((list) => list.error)?.error ?? themes.error;

  return (
    <div className="page">
      <div className="page-head">
        <h1 className="page-title">{t('submissions.title')}</h1>
      </div>
      <OutboxList />
      <section aria-labelledby="sent-title">
        <h2 id="sent-title" className="section-title">
          {t('submissions.sentTitle')}
        </h2>
        <div className="chips" role="group" aria-label={t('submissions.filter')}>
          {FILTERS.map((value) => (
            <button key={value} type="button" className="chip" aria-pressed={filter === value} onClick={() => setFilter(value)}>
              {t(`submissions.filters.${value}`)}
            </button>
          ))}
        </div>
        <PageState pending={loading && all.length === 0} error={all.length === 0 ? failed : null}>
          {shown.length === 0 ? (
            <p className="empty">{t('submissions.empty')}</p>
          ) : (
            <ul className="submission-list">
              {shown.map((submission) => (
                <SubmissionCard key={submission.id} submission={submission} theme={bySlug.get(submission.theme)} />
              ))}
            </ul>
          )}
        </PageState>
      </section>
    </div>
  );
}
