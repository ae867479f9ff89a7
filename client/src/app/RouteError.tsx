import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { useRouteError } from 'react-router-dom';

/**
 * Shown instead of a blank page when a screen fails to render (e.g. a definition RJSF cannot draw).
 * Drafts and queued submissions are in IndexedDB, so reloading loses nothing.
 */
export function RouteError(): ReactElement {
  const { t } = useTranslation();
  const error = useRouteError();
  return (
    <div className="page" role="alert">
      <h1 className="page-title">{t('errors.crashedTitle')}</h1>
      <div className="notice notice--danger">
        <p>{t('errors.crashed')}</p>
        {error instanceof Error && <p className="muted small">{error.message}</p>}
      </div>
      <p className="inline-controls">
        <button type="button" className="button button--primary" onClick={() => window.location.reload()}>
          {t('common.refresh')}
        </button>
        <a className="button button--secondary" href="/">
          {t('errors.backHome')}
        </a>
      </p>
    </div>
  );
}
