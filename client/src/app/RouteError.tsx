import { Component, type ReactElement, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router-dom';

/**
 * Shown instead of a blank page when a screen fails to render (e.g. a definition RJSF cannot draw).
 * Drafts and queued submissions are in IndexedDB, so reloading loses nothing.
 */
export function RouteError({ error }: { error: unknown }): ReactElement {
  const { t } = useTranslation();
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

interface BoundaryProps {
  children: ReactNode;
  /** The page the children show; moving to another page tries again. */
  page: string;
}

interface BoundaryState {
  failed: boolean;
  error: unknown;
  page: string;
}

class RouteErrorBoundary extends Component<BoundaryProps, BoundaryState> {
  state: BoundaryState = { failed: false, error: undefined, page: this.props.page };

  static getDerivedStateFromError(error: unknown): Partial<BoundaryState> {
    return { failed: true, error };
  }

  static getDerivedStateFromProps(props: BoundaryProps, state: BoundaryState): Partial<BoundaryState> | null {
    return props.page === state.page ? null : { failed: false, error: undefined, page: props.page };
  }

  render(): ReactNode {
    return this.state.failed ? <RouteError error={this.state.error} /> : this.props.children;
  }
}

/** A screen that throws shows RouteError in its place, inside the shell when there is one. */
export function ScreenBoundary({ children }: { children: ReactNode }): ReactElement {
  const { pathname } = useLocation();
  return <RouteErrorBoundary page={pathname}>{children}</RouteErrorBoundary>;
}
