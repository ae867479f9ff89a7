import { useEffect, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router-dom';
import { useRegion } from '../api/queries';
import { useCurrentUser } from '../features/auth/AuthProvider';
import { homePathFor } from './navigation';
import { regionLabel } from './RegionName';

/** `/`: each role starts where its work is. */
export function RootRedirect(): ReactElement {
  const user = useCurrentUser();
  return <Navigate to={homePathFor(user.role)} replace />;
}

/** A landing page for roles whose screens live in other areas of the app (OPD dashboards). */
export function HomePage(): ReactElement {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const region = useRegion(user.regionCode);
  useEffect(() => {
    document.title = `${t('nav.home')} — Wakuncar`;
  }, [t]);
  return (
    <div className="page">
      <h1 className="page-title">{t('home.greeting', { name: user.displayName })}</h1>
      <p className="page-lead">
        {t(`roles.${user.role}`)} · {region.data ? regionLabel(region.data) : user.regionCode}
      </p>
      <div className="card">
        <p>{t('home.body')}</p>
      </div>
    </div>
  );
}

export function NotFoundPage(): ReactElement {
  const { t } = useTranslation();
  return (
    <div className="page">
      <h1 className="page-title">{t('errors.pageMissing')}</h1>
      <p>
        <a href="/">{t('errors.backHome')}</a>
      </p>
    </div>
  );
}
