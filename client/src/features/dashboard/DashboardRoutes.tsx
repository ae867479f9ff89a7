import { useEffect, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Route, Routes } from 'react-router-dom';
import { useThemes } from '../../api/queries';
import { themeTexts } from '../../app/i18n';
import { PageState } from '../../app/PageState';
import { AlertsPanel } from './alerts/AlertsPanel';
import { DashboardPage } from './DashboardPage';
import './dashboard.css';
import './texts';

/** /dasbor (choose a theme) and /dasbor/:slug (its numbers; the view is in the query string). */
export function DashboardRoutes(): ReactElement {
  return (
    <Routes>
      <Route index element={<ThemeChoice />} />
      <Route path=":slug" element={<DashboardPage />} />
    </Routes>
  );
}

function ThemeChoice(): ReactElement {
  const { t, i18n } = useTranslation();
  const themes = useThemes();
  useEffect(() => {
    document.title = `${t('dashboard.title')} — Wakuncar`;
  }, [t]);
  return (
    <div className="page">
      <div>
        <h1 className="page-title">{t('dashboard.title')}</h1>
        <p className="page-lead">{t('dashboard.chooseTheme')}</p>
      </div>
      <PageState pending={themes.isPending} error={themes.error} onRetry={() => void themes.refetch()}>
        {themes.data?.length === 0 ? (
          <p className="empty">{t('dashboard.noThemes')}</p>
        ) : (
          <ul className="theme-choice">
            {themes.data?.map((theme) => {
              const texts = themeTexts(theme, i18n.language);
              return (
                <li key={theme.slug} className="card">
                  <Link to={theme.slug} className="theme-choice-link">
                    {texts.title}
                  </Link>
                  {texts.description && <p className="muted small">{texts.description}</p>}
                </li>
              );
            })}
          </ul>
        )}
      </PageState>
      <AlertsPanel />
    </div>
  );
}
