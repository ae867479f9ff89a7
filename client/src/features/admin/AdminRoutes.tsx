import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Route, Routes } from 'react-router-dom';
import { AuditPage } from './audit/AuditPage';
import { ImportsPage } from './imports/ImportsPage';
import { RegionsPage } from './regions/RegionsPage';
import { ReviewDetailPage } from './review/ReviewDetailPage';
import { ReviewQueuePage } from './review/ReviewQueuePage';
import { BulkUsersPage } from './users/BulkUsersPage';
import { UsersPage } from './users/UsersPage';
import { WebhooksPage } from './webhooks/WebhooksPage';
import './texts';
import './admin.css';

const SECTIONS = [
  { to: 'tinjau', label: 'admin.nav.review' },
  { to: 'pengguna', label: 'admin.nav.users' },
  { to: 'wilayah', label: 'admin.nav.regions' },
  { to: 'impor', label: 'admin.nav.imports' },
  { to: 'audit', label: 'admin.nav.audit' },
  { to: 'webhook', label: 'admin.nav.webhooks' },
] as const;

/** The admin's area (/admin/*): its sections as tabs, each a plain route inside this one chunk. */
export function AdminRoutes(): ReactElement {
  const { t } = useTranslation();
  return (
    <div className="page">
      <nav className="admin-subnav no-print" aria-label={t('admin.sections')}>
        {SECTIONS.map((section) => (
          <NavLink key={section.to} to={`/admin/${section.to}`}>
            {t(section.label)}
          </NavLink>
        ))}
      </nav>
      <Routes>
        <Route index element={<Navigate to="tinjau" replace />} />
        <Route path="tinjau" element={<ReviewQueuePage />} />
        <Route path="tinjau/:id" element={<ReviewDetailPage />} />
        <Route path="pengguna" element={<UsersPage />} />
        <Route path="pengguna/banyak" element={<BulkUsersPage />} />
        <Route path="wilayah" element={<RegionsPage />} />
        <Route path="impor" element={<ImportsPage />} />
        <Route path="audit" element={<AuditPage />} />
        <Route path="webhook" element={<WebhooksPage />} />
        <Route path="*" element={<Navigate to="tinjau" replace />} />
      </Routes>
    </div>
  );
}
