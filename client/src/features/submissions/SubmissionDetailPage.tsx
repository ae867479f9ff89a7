import { useEffect, useMemo, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useRegion, useSubmission, useThemes, useThemeVersion } from '../../api/queries';
import { PageState } from '../../app/PageState';
import { prepareForm } from '../../forms/prepare';
import { ThemeForm } from '../../forms/ThemeForm';
import { textLanguage, themeTexts } from '../../app/i18n';
import { periodLabel } from '../../../../schemas/labels/period-label';
import { formatDateTime } from '../../lib/wib';
import { useCurrentUser } from '../auth/AuthProvider';
import { reviewCommentOf, SubmissionStatusBadge } from './SubmissionsPage';
import { regionLabel } from '../../app/RegionName';

/** One submission as stored: its data (read only), review, and the revisions before it. */
export function SubmissionDetailPage(): ReactElement {
  const { t, i18n } = useTranslation();
  const { id } = useParams();
  const user = useCurrentUser();
  const submission = useSubmission(id);
  const themes = useThemes();
  const definition = useThemeVersion(submission.data?.theme, submission.data?.version);
  const region = useRegion(submission.data?.regionCode);
  const theme = themes.data?.find((candidate) => candidate.slug === submission.data?.theme);
  const language = textLanguage(i18n.language);
  const prepared = useMemo(() => {
    const version = definition.data;
    return version ? prepareForm(version.schema, version.uiSchema, { messages: version.messages, translations: version.translations, calculations: version.calculations, language }) : null;
  }, [definition.data, language]);
  const title = definition.data ? themeTexts(definition.data, language).title : t('submissions.detailTitle');

  useEffect(() => {
    document.title = `${title} — Wakuncar`;
  }, [title]);

  const data = submission.data;
  const comment = data ? reviewCommentOf(data) : null;
  return (
    <div className="page page--form">
      <p className="breadcrumb">
        <Link to="/kiriman">{t('nav.submissions')}</Link>
      </p>
      <PageState pending={submission.isPending || definition.isPending} error={submission.error ?? definition.error}>
        {data && definition.data && prepared && (
          <>
            <header className="form-header">
              <div className="submission-head">
                <h1 className="page-title">{title}</h1>
                <SubmissionStatusBadge status={data.status} />
              </div>
              {data.summary && <p className="submission-summary">{data.summary}</p>}
              <dl className="form-context">
                <div>
                  <dt>{t('fill.region')}</dt>
                  <dd>{region.data ? regionLabel(region.data) : data.regionCode}</dd>
                </div>
                <div>
                  <dt>{t('fill.period')}</dt>
                  <dd>{periodLabel(data.periodKey, language)}</dd>
                </div>
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
            {comment && (
              <blockquote className="review-comment">
                <p className="small muted">{t('submissions.reviewComment')}</p>
                <p>{comment}</p>
              </blockquote>
            )}
            {theme?.unit === 'report' && (
              <p>
                <Link className="button button--primary" to={`/tugas/${encodeURIComponent(data.theme)}?revisi=${encodeURIComponent(data.id)}`}>
                  {t('submissions.revise')}
                </Link>
              </p>
            )}
            <ThemeForm prepared={prepared} initialData={data.data ?? {}} rootRegionCode={user.regionCode} userId={user.id} readonly />
            {(data.revisions?.length ?? 0) > 0 && (
              <section className="revisions" aria-labelledby="revisions-title">
                <h2 id="revisions-title" className="section-title">
                  {t('submissions.revisions')}
                </h2>
                <ol>
                  {data.revisions?.map((revision, index) => (
                    <li key={revision.id}>
                      {revision.id === data.id ? (
                        <strong>{t('submissions.thisRevision')}</strong>
                      ) : (
                        <Link to={`/kiriman/${encodeURIComponent(revision.id)}`}>{t('submissions.revisionNumber', { number: revision.revision ?? index + 1 })}</Link>
                      )}
                      {revision.createdAt && ` · ${formatDateTime(revision.createdAt, i18n.language)}`}
                      {revision.status && (
                        <>
                          {' · '}
                          <SubmissionStatusBadge status={revision.status} />
                        </>
                      )}
                    </li>
                  ))}
                </ol>
              </section>
            )}
          </>
        )}
      </PageState>
    </div>
  );
}
