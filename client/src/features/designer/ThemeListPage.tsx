import { useEffect, useId, useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { isApiError } from '../../api/http';
import { PageState } from '../../app/PageState';
import { formatDateTime } from '../../lib/wib';
import { slugifyTheme } from './builder-model';
import { createTheme, designerThemesKey, type DraftDefinition, fetchEditableThemes } from './designer-api';
import { ImportXlsform } from './XlsformImport';

/**
 * A new theme's first draft: one field to start from, and settings the settings editors change
 * (a monthly record per kelurahan, public, counted).
 */
function starterDefinition(title: string): DraftDefinition {
  return {
    slug: slugifyTheme(title),
    title,
    unit: 'record',
    regionLevel: 'kelurahan',
    period: 'month',
    sensitivity: 'public',
    schema: { type: 'object', properties: { catatan: { type: 'string', title: 'Catatan' } } },
    uiSchema: { 'ui:order': ['catatan'] },
    aggregations: [{ key: 'banyak_kiriman', title: 'Banyak kiriman', op: 'count' }],
  };
}

function NewTheme(): ReactElement {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const inputId = useId();
  const [title, setTitle] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const slug = title.trim() ? slugifyTheme(title.trim()) : '';

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!slug) return;
    setBusy(true);
    setProblem(null);
    try {
      await createTheme(starterDefinition(title.trim()));
      void queryClient.invalidateQueries({ queryKey: designerThemesKey });
      navigate(`/desain/${slug}`);
    } catch (error) {
      setProblem(isApiError(error) && error.code === 'THEME_EXISTS' ? t('designer.list.exists', { slug }) : isApiError(error) ? error.detail : t('errors.generic'));
      setBusy(false);
    }
  };

  return (
    <form className="card designer-new" onSubmit={(event) => void submit(event)}>
      <h2 className="section-title">{t('designer.list.newTheme')}</h2>
      <div className="designer-prop">
        <label htmlFor={inputId}>{t('designer.list.newTitle')}</label>
        <input
          id={inputId}
          className="input"
          value={title}
          maxLength={120}
          aria-describedby={`${inputId}-help`}
          aria-invalid={problem !== null}
          onChange={(event) => setTitle(event.target.value)}
        />
        <p id={`${inputId}-help`} className="small muted">
          {slug ? t('designer.list.slugPreview', { slug }) : t('designer.list.newTitleHelp')}
        </p>
        {problem && (
          <p className="small text-danger" role="alert">
            {problem}
          </p>
        )}
      </div>
      <button type="submit" className="button button--primary" disabled={!slug || busy}>
        {busy ? t('designer.list.creating') : t('designer.list.create')}
      </button>
    </form>
  );
}

/** `/desain`: the themes this admin may edit, published and drafted, "Tematik baru" and "Impor XLSForm". */
export function ThemeListPage(): ReactElement {
  const { t, i18n } = useTranslation();
  const themes = useQuery({ queryKey: designerThemesKey, queryFn: fetchEditableThemes });
  useEffect(() => {
    document.title = `${t('designer.list.title')} — Wakuncar`;
  }, [t]);
  return (
    <div className="page designer-page">
      <div className="page-head">
        <div>
          <h1 className="page-title">{t('designer.list.title')}</h1>
          <p className="page-lead">{t('designer.list.lead')}</p>
        </div>
      </div>
      <div className="designer-list-layout">
        <div className="designer-list-start">
          <NewTheme />
          <ImportXlsform />
        </div>
        <PageState pending={themes.isPending} error={themes.error}>
          {themes.data?.length === 0 ? (
            <p className="empty">{t('designer.list.empty')}</p>
          ) : (
            <ul className="designer-themes">
              {themes.data?.map((theme) => (
                <li key={theme.slug} className="card designer-theme">
                  <Link to={`/desain/${theme.slug}`} className="designer-theme-link">
                    {theme.title}
                  </Link>
                  <span className="designer-theme-meta small">
                    {theme.latestVersion !== null ? (
                      <span className="badge badge--success">{t('designer.list.published', { version: theme.latestVersion })}</span>
                    ) : (
                      <span className="badge badge--warning">{t('designer.list.draftOnly')}</span>
                    )}
                    {theme.draftUpdatedAt && theme.latestVersion !== null && (
                      <span className="muted">{t('designer.list.hasDraft', { time: formatDateTime(theme.draftUpdatedAt, i18n.language) })}</span>
                    )}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </PageState>
      </div>
    </div>
  );
}
