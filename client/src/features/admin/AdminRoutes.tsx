import { useEffect, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router-dom';
import { AuditPage } from './audit/AuditPage';
import { RegionsPage } from './regions/RegionsPage';
import { WebhooksPage } from './webhooks/WebhooksPage';

// Placeholder until this area is built: the route, the nav entry and the lazy chunk are in place.
function AdminHome(): ReactElement {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${t('nav.manage')} — Wakuncar`;
  }, [t]);
  return (
    <div className="page">
      <h1 className="page-title">{t('nav.manage')}</h1>
    </div>
  );
}

// TEMP wiring (issue-16d): the lead's AdminRoutes replaces this file.
export function AdminRoutes(): ReactElement {
  return (
    <Routes>
      <Route path="wilayah" element={<RegionsPage />} />
      <Route path="audit" element={<AuditPage />} />
      <Route path="webhook" element={<WebhooksPage />} />
      <Route path="*" element={<AdminHome />} />
    </Routes>
  );
}
