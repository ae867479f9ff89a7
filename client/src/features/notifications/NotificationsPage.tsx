import { useEffect, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';

// Placeholder until this area is built: the route, the nav entry and the lazy chunk are in place.
export function NotificationsPage(): ReactElement {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${t('nav.notifications')} — Wakuncar`;
  }, [t]);
  return (
    <div className="page">
      <h1 className="page-title">{t('nav.notifications')}</h1>
    </div>
  );
}
