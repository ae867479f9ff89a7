import type { ReactElement, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError, isNetworkError } from '../api/http';

/** What a person is told when a page cannot load, by cause. */
export function describeError(error: unknown, t: (key: string) => string): string {
  if (isNetworkError(error)) return t('errors.offlineNoCopy');
  if (isApiError(error)) {
    if (error.status === 404) return t('errors.notFound');
    if (error.status === 403) return t('errors.forbidden');
    if (error.status >= 500) return t('errors.server');
    return error.detail || t('errors.generic');
  }
  return t('errors.generic');
}

interface PageStateProps {
  pending: boolean;
  error: unknown;
  onRetry?: () => void;
  children: ReactNode;
}

/** Loading and error states shared by every page. */
export function PageState({ pending, error, onRetry, children }: PageStateProps): ReactElement {
  const { t } = useTranslation();
  if (error) {
    return (
      <div className="notice notice--danger" role="alert">
        <p>{describeError(error, t)}</p>
        {onRetry && (
          <button type="button" className="button button--secondary button--small" onClick={onRetry}>
            {t('common.retry')}
          </button>
        )}
      </div>
    );
  }
  if (pending) {
    return (
      <div className="loading" role="status">
        <span className="spinner" aria-hidden="true" /> {t('common.loading')}
      </div>
    );
  }
  return <>{children}</>;
}
