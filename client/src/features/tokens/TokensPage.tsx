import { useEffect, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';

// Placeholder until this area is built: the route, the nav entry and the lazy chunk are in place.
export function TokensPage(): ReactElement {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${t('nav.tokens')} — Wakuncar`;
  }, [t]);
  return (
    <div className="page">
      <h1 className="page-title">{t('nav.tokens')}</h1>
    </div>
  );
}
