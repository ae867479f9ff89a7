import { useEffect, useId, useMemo, useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router-dom';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRegion, useThemeVersion } from '../../../api/queries';
import type { Json, JsonObject } from '../../../api/types';
import { describeError, PageState } from '../../../app/PageState';
import { textLanguage, themeTexts } from '../../../app/i18n';
import { useToast } from '../../../app/Toaster';
import { prepareForm } from '../../../forms/prepare';
import { ThemeForm } from '../../../forms/ThemeForm';
import { formatDateTime, formatPeriod } from '../../../lib/wib';
import { useCurrentUser } from '../../auth/AuthProvider';
import { reviewCommentOf, SubmissionStatusBadge } from '../../submissions/SubmissionsPage';
import { fetchForReview, reviewSubmission, type ReviewedSubmission } from './review-api';
import { regionLabel } from '../../../app/RegionName';

interface MapPoint {
  path: string;
  lat: number;
  lon: number;
}

const isObject = (value: Json | undefined): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every GPS point in the data (an object with numeric lat and lon), wherever the form put it. */
function mapPoints(data: Json | undefined, path = ''): MapPoint[] {
  if (Array.isArray(data)) return data.flatMap((item, index) => mapPoints(item, `${path}/${index}`));
  if (!isObject(data)) return [];
  if (typeof data.lat === 'number' && typeof data.lon === 'number') return [{ path, lat: data.lat, lon: data.lon }];
  return Object.entries(data).flatMap(([key, value]) => mapPoints(value, `${path}/${key}`));
}

const EVENT_NAMES = ['created', 'revised', 'approved', 'rejected'];
/** `submission.rejected` → `rejected`: what the history calls it, `other` for an action it has no word for. */
const eventName = (action: string): string => {
  const name = action.replace(/^submission\./, '');
  return EVENT_NAMES.includes(name) ? name : 'other';
};

function History({ submission }: { submission: ReviewedSubmission }): ReactElement {
  const { t, i18n } = useTranslation();
  return (
    <section className="card review-history" aria-labelledby="review-history">
      <h2 id="review-history" className="section-title">
        {t('admin.review.history')}
      </h2>
      <ol>
        {!submission.events?.some((event) => event.action === 'submission.created') && (
          <li>
            <strong>{t('admin.review.events.created')}</strong> · {formatDateTime(submission.createdAt, i18n.language)}
          </li>
        )}
        {submission.events?.map((event, index) => (
          <li key={`${event.at}-${index}`}>
            <strong>{t(`admin.review.events.${eventName(event.action)}`)}</strong> · {formatDateTime(event.at, i18n.language)}
            {event.comment && <p className="small">“{event.comment}”</p>}
          </li>
        ))}
      </ol>
      {(submission.revisions?.length ?? 0) > 1 && (
        <>
          <h3 className="small muted">{t('admin.review.revisions')}</h3>
          <ol>
            {submission.revisions?.map((revision, index) => (
              <li key={revision.id}>
                {revision.id === submission.id ? (
                  <strong>
                    {t('admin.review.revision', { number: revision.revision ?? index + 1 })} ({t('admin.review.thisOne')})
                  </strong>
                ) : (
                  <Link to={`/admin/tinjau/${encodeURIComponent(revision.id)}`}>{t('admin.review.revision', { number: revision.revision ?? index + 1 })}</Link>
                )}
                {revision.status && (
                  <>
                    {' '}
                    <SubmissionStatusBadge status={revision.status} />
                  </>
                )}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

function Decision({ submission, onDone }: { submission: ReviewedSubmission; onDone: (next: ReviewedSubmission) => void }): ReactElement {
  const { t } = useTranslation();
  const notify = useToast();
  const commentId = useId();
  const [comment, setComment] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const decide = async (status: 'approved' | 'rejected'): Promise<void> => {
    if (status === 'rejected' && !comment.trim()) return setProblem(t('admin.review.commentRequired'));
    setBusy(true);
    setProblem(null);
    try {
      const next = await reviewSubmission(submission.id, status, comment.trim());
      notify(t(status === 'approved' ? 'admin.review.approved' : 'admin.review.rejected'), 'success');
      setComment('');
      onDone(next);
    } catch (caught) {
      setProblem(describeError(caught, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card review-decision" aria-labelledby="review-decision" onSubmit={(event: FormEvent) => event.preventDefault()}>
      <h2 id="review-decision" className="section-title">
        {t('admin.review.decision')}
      </h2>
      <div className="admin-field">
        <label htmlFor={commentId}>{t('admin.review.comment')}</label>
        <textarea
          id={commentId}
          className="input textarea"
          rows={4}
          maxLength={2000}
          value={comment}
          aria-invalid={Boolean(problem)}
          aria-describedby={`${commentId}-hint`}
          onChange={(event) => setComment(event.target.value)}
        />
        <p id={`${commentId}-hint`} className="small muted">
          {t('admin.review.commentHint')}
        </p>
      </div>
      {problem && (
        <p className="admin-field-error" role="alert">
          {problem}
        </p>
      )}
      <div className="admin-actions">
        <button type="button" className="button button--primary" disabled={busy} onClick={() => void decide('approved')}>
          {t('admin.review.approve')}
        </button>
        <button type="button" className="button button--danger" disabled={busy} onClick={() => void decide('rejected')}>
          {t('admin.review.reject')}
        </button>
      </div>
    </form>
  );
}

/** One submission under review: its data as the form draws it, its map points, history, and the decision. */
export function ReviewDetailPage(): ReactElement {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  // The queue's filters, handed over by its link, so going back finds the queue as it was.
  const queueSearch = (useLocation().state as { queue?: string } | null)?.queue ?? '';
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const submission = useQuery({ queryKey: ['admin', 'review', 'one', id], queryFn: () => fetchForReview(id) });
  const data = submission.data;
  const definition = useThemeVersion(data?.theme, data?.version);
  const region = useRegion(data?.regionCode);
  const language = textLanguage(i18n.language);
  const prepared = useMemo(() => {
    const version = definition.data;
    return version ? prepareForm(version.schema, version.uiSchema, { messages: version.messages, translations: version.translations, calculations: version.calculations, language }) : null;
  }, [definition.data, language]);
  const title = definition.data ? themeTexts(definition.data, language).title : t('admin.review.title');

  useEffect(() => {
    document.title = `${title} — Wakuncar`;
  }, [title]);

  const done = (next: ReviewedSubmission): void => {
    queryClient.setQueryData(['admin', 'review', 'one', id], next);
    void queryClient.invalidateQueries({ queryKey: ['admin', 'review'], exact: false, refetchType: 'none' });
  };
  const comment = data ? reviewCommentOf(data) : null;
  const points = mapPoints(data?.data);
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to={`/admin/tinjau${queueSearch}`}>
          {t('admin.review.back')}
        </Link>
      </p>
      <PageState pending={submission.isPending || definition.isPending} error={submission.error ?? definition.error} onRetry={() => void submission.refetch()}>
        {data && definition.data && prepared && (
          <>
            <header className="form-header">
              <div className="submission-head">
                <h1 className="page-title">{title}</h1>
                <SubmissionStatusBadge status={data.status} />
              </div>
              <dl className="form-context">
                <div>
                  <dt>{t('fill.region')}</dt>
                  <dd>{region.data ? regionLabel(region.data) : data.regionCode}</dd>
                </div>
                {data.periodKey && (
                  <div>
                    <dt>{t('fill.period')}</dt>
                    <dd>{formatPeriod(definition.data.period, data.periodKey, i18n.language)}</dd>
                  </div>
                )}
                <div>
                  <dt>{t('submissions.sent')}</dt>
                  <dd>{formatDateTime(data.createdAt, i18n.language)}</dd>
                </div>
                <div>
                  <dt>{t('fill.version')}</dt>
                  <dd>{data.version}</dd>
                </div>
              </dl>
            </header>
            <div className="review-layout">
              <div className="page">
                {comment && (
                  <blockquote className="review-comment">
                    <p className="small muted">{t('admin.review.currentReview')}</p>
                    <p>{comment}</p>
                  </blockquote>
                )}
                <ThemeForm prepared={prepared} initialData={data.data ?? {}} rootRegionCode={user.regionCode} userId={user.id} readonly />
                {points.length > 0 && (
                  <section className="card review-points" aria-labelledby="review-points">
                    <h2 id="review-points" className="section-title">
                      {t('admin.review.location')}
                    </h2>
                    {points.map((point) => (
                      <p key={point.path}>
                        {point.lat.toFixed(6)}, {point.lon.toFixed(6)} ·{' '}
                        <a href={`https://www.openstreetmap.org/?mlat=${point.lat}&mlon=${point.lon}#map=18/${point.lat}/${point.lon}`} target="_blank" rel="noreferrer noopener">
                          {t('admin.review.openMap')}
                        </a>
                      </p>
                    ))}
                  </section>
                )}
              </div>
              <aside className="review-side">
                <Decision submission={data} onDone={done} />
                <History submission={data} />
              </aside>
            </div>
          </>
        )}
      </PageState>
    </div>
  );
}
