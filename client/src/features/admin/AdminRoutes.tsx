import { useEffect, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Route, Routes } from 'react-router-dom';
import { ReviewDetailPage } from './review/ReviewDetailPage';
import { ReviewQueuePage } from './review/ReviewQueuePage';
import { BulkUsersPage } from './users/BulkUsersPage';
import { UsersPage } from './users/UsersPage';
import './texts';
import './admin.css';

const SECTIONS = [
  { to: 'tinjau', label: 'admin.nav.review' },
  { to: 'pengguna', label: 'admin.nav.users' },
  { to: 'wilayah', label: 'admin.nav.regions' },
  { to: 'audit', label: 'admin.nav.audit' },
  { to: 'webhook', label: 'admin.nav.webhooks' },
] as const;

/** A section whose screen is still being built: the tab exists so the area's shape is visible. */
function ComingSoon({ label }: { label: string }): ReactElement {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${t(label)} — Wakuncar`;
  }, [t, label]);
  return (
    <div className="page">
      <h1 className="page-title">{t(label)}</h1>
      <p className="empty">{t('admin.comingSoon')}</p>
    </div>
  );
}

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
        <Route path="wilayah/*" element={<ComingSoon label="admin.nav.regions" />} />
        <Route path="audit/*" element={<ComingSoon label="admin.nav.audit" />} />
        <Route path="webhook/*" element={<ComingSoon label="admin.nav.webhooks" />} />
        <Route path="*" element={<Navigate to="tinjau" replace />} />
      </Routes>
    </div>
  );
}
