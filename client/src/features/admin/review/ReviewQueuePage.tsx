import { useEffect, useId, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useRegionChildren, useThemes } from '../../../api/queries';
import { PageState } from '../../../app/PageState';
import { themeTexts } from '../../../app/i18n';
import { formatDateTime } from '../../../lib/wib';
import { useCurrentUser } from '../../auth/AuthProvider';
import { SubmissionStatusBadge } from '../../submissions/SubmissionsPage';
import { fetchReviewPage, REVIEW_STATUSES, type ReviewFilters, type ReviewStatus } from './review-api';
import { RegionName } from '../../../app/RegionName';

const isStatus = (value: string | null): value is ReviewStatus => (REVIEW_STATUSES as readonly string[]).includes(value ?? '');

/** The filters live in the address, so going back from a submission finds the queue as it was. */
function useFilters(): [ReviewFilters, (change: Partial<ReviewFilters>) => void, URLSearchParams] {
  const [params, setParams] = useSearchParams();
  const status = params.get('status');
  const filters: ReviewFilters = {
    theme: params.get('tematik') ?? '',
    region: params.get('wilayah') ?? '',
    period: params.get('periode') ?? '',
    status: status === null ? 'submitted' : isStatus(status) ? status : '',
  };
  const change = (next: Partial<ReviewFilters>): void => {
    const merged = { ...filters, ...next };
    setParams({ tematik: merged.theme, wilayah: merged.region, periode: merged.period, status: merged.status }, { replace: true });
  };
  return [filters, change, params];
}

/** The admin's review queue: submissions of their subtree, by theme, region, period and status. */
export function ReviewQueuePage(): ReactElement {
  const { t, i18n } = useTranslation();
  const user = useCurrentUser();
  const themes = useThemes();
  const regions = useRegionChildren(user.regionCode);
  const [filters, change, params] = useFilters();
  const ids = { theme: useId(), region: useId(), period: useId(), status: useId() };
  const queue = useInfiniteQuery({
    queryKey: ['admin', 'review', filters],
    queryFn: ({ pageParam }) => fetchReviewPage(filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });

  useEffect(() => {
    document.title = `${t('admin.review.title')} — Wakuncar`;
  }, [t]);

  const items = queue.data?.pages.flatMap((page) => page.items) ?? [];
  const titles = new Map(themes.data?.map((candidate) => [candidate.slug, themeTexts(candidate, i18n.language).title]));
  return (
    <div className="page">
      <div>
        <h1 className="page-title">{t('admin.review.title')}</h1>
        <p className="page-lead">{t('admin.review.lead')}</p>
      </div>
      <div className="admin-filters card">
        <div className="admin-field">
          <label htmlFor={ids.theme}>{t('admin.review.theme')}</label>
          <select id={ids.theme} className="input" value={filters.theme} onChange={(event) => change({ theme: event.target.value })}>
            <option value="">{t('admin.review.allThemes')}</option>
            {themes.data?.map((candidate) => (
              <option key={candidate.slug} value={candidate.slug}>
                {themeTexts(candidate, i18n.language).title}
              </option>
            ))}
          </select>
        </div>
        <div className="admin-field">
          <label htmlFor={ids.region}>{t('admin.review.region')}</label>
          <select id={ids.region} className="input" value={filters.region} onChange={(event) => change({ region: event.target.value })}>
            <option value="">{t('admin.review.allRegions')}</option>
            {regions.data?.map((region) => (
              <option key={region.code} value={region.code}>
                {region.name}
              </option>
            ))}
          </select>
        </div>
        <div className="admin-field">
          <label htmlFor={ids.period}>{t('admin.review.period')}</label>
          <input
            id={ids.period}
            className="input"
            value={filters.period}
            placeholder={t('admin.review.periodHint')}
            onChange={(event) => change({ period: event.target.value.trim() })}
          />
        </div>
        <div className="admin-field">
          <label htmlFor={ids.status}>{t('admin.review.status')}</label>
          <select
            id={ids.status}
            className="input"
            value={filters.status}
            onChange={(event) => change({ status: isStatus(event.target.value) ? event.target.value : '' })}
          >
            <option value="">{t('admin.review.anyStatus')}</option>
            {REVIEW_STATUSES.map((status) => (
              <option key={status} value={status}>
                {t(`submissions.status.${status}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <PageState pending={themes.isPending || queue.isPending} error={themes.error ?? queue.error} onRetry={() => void queue.refetch()}>
        {items.length === 0 ? (
          <p className="empty">{t('admin.review.empty')}</p>
        ) : (
          <ul className="submission-list" aria-label={t('admin.review.title')}>
            {items.map((submission) => (
              <li key={submission.id} className={`card submission submission--${submission.status}`}>
                <div className="submission-head">
                  <Link className="submission-title" to={`/admin/tinjau/${encodeURIComponent(submission.id)}`} state={{ queue: `?${params}` }}>
                    {titles.get(submission.theme) ?? submission.themeTitle}
                    {submission.summary && ` · ${submission.summary}`} · <RegionName code={submission.regionCode} />
                  </Link>
                  <SubmissionStatusBadge status={submission.status} />
                </div>
                <p className="muted small">
                  {`${submission.periodLabel} · `}
                  {t('admin.review.sentBy', { time: formatDateTime(submission.createdAt, i18n.language) })}
                </p>
              </li>
            ))}
          </ul>
        )}
        {queue.hasNextPage && (
          <button type="button" className="button button--secondary" disabled={queue.isFetchingNextPage} onClick={() => void queue.fetchNextPage()}>
            {t('admin.review.more')}
          </button>
        )}
      </PageState>
    </div>
  );
}
