import type { ReactElement, ReactNode } from 'react';
import { Route, Routes } from 'react-router-dom';
import { readSession } from '../features/auth/session';
import { FILL_PATH } from '../features/fill/open-by-link/fill-path';
import { OnDemand } from '../lib/on-demand';
import { HomePage, NotFoundPage, RootRedirect } from './HomePage';
import { homePathFor } from './navigation';
import { PageState } from './PageState';
import { RequireAuth } from './RequireAuth';
import { ScreenBoundary } from './RouteError';
import { Shell } from './Shell';

// Each screen's code is its own chunk, fetched when the screen is first shown: a form opened by link
// does not carry Tugas saya, Kiriman saya or the login, nor the form engine (RJSF) the other way round.
const pending = <PageState pending error={null}>{null}</PageState>;
const fillPage = new OnDemand(() => import('../features/fill/FillPage'));
const tasksPage = new OnDemand(() => import('../features/tasks/TasksPage'));
const submissionsPage = new OnDemand(() => import('../features/submissions/SubmissionsPage'));
const submissionDetailPage = new OnDemand(() => import('../features/submissions/SubmissionDetailPage'));
const loginPage = new OnDemand(() => import('../features/auth/LoginPage'));
// The admin's and the OPD's areas: never part of a cadre's download.
const designerRoutes = new OnDemand(() => import('../features/designer/DesignerRoutes'));
const adminRoutes = new OnDemand(() => import('../features/admin/AdminRoutes'));
const dashboardRoutes = new OnDemand(() => import('../features/dashboard/DashboardRoutes'));
const tokensPage = new OnDemand(() => import('../features/tokens/TokensPage'));
const accountPage = new OnDemand(() => import('../features/account/AccountPage'));
const notificationsPage = new OnDemand(() => import('../features/notifications/NotificationsPage'));
const FillPage = fillPage.component('FillPage', (module) => module.FillPage, pending);
const TasksPage = tasksPage.component('TasksPage', (module) => module.TasksPage, pending);
const SubmissionsPage = submissionsPage.component('SubmissionsPage', (module) => module.SubmissionsPage, pending);
const SubmissionDetailPage = submissionDetailPage.component('SubmissionDetailPage', (module) => module.SubmissionDetailPage, pending);
const LoginPage = loginPage.component('LoginPage', (module) => module.LoginPage, pending);
const DesignerRoutes = designerRoutes.component('DesignerRoutes', (module) => module.DesignerRoutes, pending);
const AdminRoutes = adminRoutes.component('AdminRoutes', (module) => module.AdminRoutes, pending);
const DashboardRoutes = dashboardRoutes.component('DashboardRoutes', (module) => module.DashboardRoutes, pending);
const TokensPage = tokensPage.component('TokensPage', (module) => module.TokensPage, pending);
const AccountPage = accountPage.component('AccountPage', (module) => module.AccountPage, pending);
const NotificationsPage = notificationsPage.component('NotificationsPage', (module) => module.NotificationsPage, pending);

/**
 * The screen the app opens on (a link, a reload, the app resumed there) is fetched now, beside the
 * app's own start-up, instead of after the shell has rendered; once in, it is drawn without a
 * fallback in between. A cadre's start page is Tugas saya.
 */
function loadOpeningScreen(pathname: string): void {
  const load = (screen: OnDemand<unknown>): void => void screen.load().catch(() => undefined);
  const session = readSession();
  const path = pathname === '/' && session ? homePathFor(session.user.role) : pathname;
  if (!session || path.startsWith('/masuk')) load(loginPage);
  else if (FILL_PATH.test(path)) load(fillPage);
  else if (/^\/kiriman\/./.test(path)) load(submissionDetailPage);
  else if (path.startsWith('/kiriman')) load(submissionsPage);
  else if (path.startsWith('/tugas')) load(tasksPage);
}
if (typeof window !== 'undefined') loadOpeningScreen(window.location.pathname);

const cadre = (element: ReactNode): ReactElement => <RequireAuth roles={['kader', 'admin']}>{element}</RequireAuth>;
const admin = (element: ReactNode): ReactElement => <RequireAuth roles={['admin']}>{element}</RequireAuth>;
const reader = (element: ReactNode): ReactElement => <RequireAuth roles={['opd', 'admin']}>{element}</RequireAuth>;

/**
 * The app's screens. Declarative routes (no data router: nothing here loads data through the
 * router, and its set-up was a visible part of a cold start on a slow phone); a screen that fails
 * keeps the shell (navigation, outbox counter) around its error message (ScreenBoundary in Shell).
 */
export function AppRoutes(): ReactElement {
  return (
    <ScreenBoundary>
      <Routes>
        <Route path="/masuk" element={<LoginPage />} />
        <Route
          path="/"
          element={
            <RequireAuth>
              <Shell />
            </RequireAuth>
          }
        >
          <Route index element={<RootRedirect />} />
          <Route path="tugas" element={cadre(<TasksPage />)} />
          <Route path="tugas/:slug" element={cadre(<FillPage />)} />
          <Route path="kiriman" element={cadre(<SubmissionsPage />)} />
          <Route path="kiriman/:id" element={cadre(<SubmissionDetailPage />)} />
          <Route path="desain/*" element={admin(<DesignerRoutes />)} />
          <Route path="admin/*" element={admin(<AdminRoutes />)} />
          <Route path="dasbor/*" element={reader(<DashboardRoutes />)} />
          <Route path="token" element={reader(<TokensPage />)} />
          <Route path="akun" element={<AccountPage />} />
          <Route path="notifikasi" element={<NotificationsPage />} />
          <Route path="beranda" element={<HomePage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </ScreenBoundary>
  );
}
