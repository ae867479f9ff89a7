import { useEffect, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';

// Placeholder until this area is built: the route, the nav entry and the lazy chunk are in place.
export function DesignerRoutes(): ReactElement {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${t('nav.designer')} — Wakuncar`;
  }, [t]);
  return (
    <div className="page">
      <h1 className="page-title">{t('nav.designer')}</h1>
    </div>
  );
}
