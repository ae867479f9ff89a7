import { useEffect, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';
import { periodLabel } from '../../../../schemas/labels/period-label';
import { usePagedList } from '../../api/paged-list';
import { queryKeys, useThemes } from '../../api/queries';
import type { Submission, ThemeSummary } from '../../api/types';
import { textLanguage, themeTexts } from '../../app/i18n';
import { PageState } from '../../app/PageState';
import { formatDateTime } from '../../lib/wib';
import { OutboxList } from '../offline/OutboxList';
import { loadMySubmissions } from './my-submissions';
import './texts';
import { RegionName } from '../../app/RegionName';

/** '' is every status; the chips never send or show the word `all`. */
type StatusFilter = '' | 'submitted' | 'approved' | 'rejected';
const STATUS_FILTERS: readonly StatusFilter[] = ['', 'submitted', 'approved', 'rejected'];

export const reviewCommentOf = (submission: Submission): string | null =>
  submission.reviewComment ?? submission.review?.comment ?? null;

const STATUS_TONE: Record<string, string> = { approved: 'success', rejected: 'danger', submitted: 'info' };

export function SubmissionStatusBadge({ status }: { status: string }): ReactElement {
  const { t } = useTranslation();
  const known = status in STATUS_TONE;
  return <span className={`badge badge--${STATUS_TONE[status] ?? 'neutral'}`}>{known ? t(`submissions.status.${status}`) : status}</span>;
}

/** The theme's title as the list names it: the server's words, else the theme list's, in the person's language. */
function useThemeTitle(submission: Submission, theme: ThemeSummary | undefined): string {
  const { i18n } = useTranslation();
  if (theme) return themeTexts(theme, textLanguage(i18n.language)).title;
  return submission.themeTitle ?? submission.theme;
}

function SubmissionCard({ submission, theme }: { submission: Submission; theme: ThemeSummary | undefined }): ReactElement {
  const { t, i18n } = useTranslation();
  const comment = reviewCommentOf(submission);
  const themeTitle = useThemeTitle(submission, theme);
  const canRevise = theme?.unit === 'report';
  return (
    <li className={`card submission submission--${submission.status}`}>
      <div className="submission-head">
        <Link to={`/kiriman/${encodeURIComponent(submission.id)}`} className="submission-title">
          {submission.summary || themeTitle}
        </Link>
        <SubmissionStatusBadge status={submission.status} />
      </div>
      {submission.summary && <p className="small submission-theme">{themeTitle}</p>}
      <p className="muted small">
        <RegionName code={submission.regionCode} />
        {` · ${periodLabel(submission.periodKey, textLanguage(i18n.language))}`}
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

/** "Kiriman saya": what waits on this phone, then what the server holds (one request per page), with review status and comments. */
export function SubmissionsPage(): ReactElement {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const themes = useThemes();
  const [status, setStatus] = useState<StatusFilter>('');
  const [theme, setTheme] = useState('');

  useEffect(() => {
    document.title = `${t('submissions.title')} — Wakuncar`;
  }, [t]);

  useEffect(() => {
    if (location.hash === '#antrean') document.getElementById('antrean')?.scrollIntoView();
  }, [location.hash]);

  const pages = usePagedList(queryKeys.mySubmissions(theme, status), (cursor) => loadMySubmissions(theme, status, cursor));

  const bySlug = new Map((themes.data ?? []).map((candidate) => [candidate.slug, candidate]));
  const shown = pages.items;
  const language = textLanguage(i18n.language);
  const filtered = status !== '' || theme !== '';

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
        <div className="list-filters">
          <div className="chips" role="group" aria-label={t('submissions.filter')}>
            {STATUS_FILTERS.map((value) => (
              <button key={value || 'every'} type="button" className="chip" aria-pressed={status === value} onClick={() => setStatus(value)}>
                {t(`submissions.filters.${value || 'all'}`)}
              </button>
            ))}
          </div>
          {(themes.data?.length ?? 0) > 1 && (
            <label className="field-inline">
              <span>{t('submissions.themeFilter')}</span>
              <select className="input" value={theme} onChange={(event) => setTheme(event.target.value)}>
                <option value="">{t('submissions.allThemes')}</option>
                {themes.data?.map((candidate) => (
                  <option key={candidate.slug} value={candidate.slug}>
                    {themeTexts(candidate, language).title}
                  </option>
                ))}
              </select>
            </label>
          )}
        </div>
        <PageState pending={pages.isPending} error={shown.length === 0 ? pages.error : null} onRetry={pages.refetch}>
          {shown.length === 0 ? (
            <p className="empty">{filtered ? t('submissions.emptyFiltered') : t('submissions.empty')}</p>
          ) : (
            <ul className="submission-list">
              {shown.map((submission) => (
                <SubmissionCard key={submission.id} submission={submission} theme={bySlug.get(submission.theme)} />
              ))}
            </ul>
          )}
          {pages.hasNextPage && (
            <p className="load-more">
              <button type="button" className="button button--secondary" disabled={pages.isFetchingNextPage} onClick={pages.fetchNextPage}>
                {pages.isFetchingNextPage ? t('submissions.loadingMore') : t('submissions.loadMore')}
              </button>
            </p>
          )}
        </PageState>
      </section>
    </div>
  );
}
