import { lazy, Suspense, type ReactElement, type ReactNode } from 'react';
import { Route, Routes } from 'react-router-dom';
import { LoginPage } from '../features/auth/LoginPage';
import { FILL_PATH } from '../features/fill/fill-path';
import { SubmissionsPage } from '../features/submissions/SubmissionsPage';
import { TasksPage } from '../features/tasks/TasksPage';
import { HomePage, NotFoundPage, RootRedirect } from './HomePage';
import { PageState } from './PageState';
import { RequireAuth } from './RequireAuth';
import { ScreenBoundary } from './RouteError';
import { Shell } from './Shell';

// The form engine (RJSF) loads only when a form is opened, keeping the first screen light.
type FillPageModule = typeof import('../features/fill/FillPage');
let fillPageModule: FillPageModule | null = null;
const loadFillPage = (): Promise<FillPageModule> =>
  import('../features/fill/FillPage').then((module) => (fillPageModule = module));
// Once its code is in (fetched at start-up for a form opened by link), the page is handed over
// synchronously: React's lazy() takes a thenable that resolves at once without suspending, which
// spares a slow phone the fallback's render and commit before the form's own.
const FillPage = lazy(() => {
  const loaded = fillPageModule;
  if (!loaded) return loadFillPage().then((module) => ({ default: module.FillPage }));
  const ready = { default: loaded.FillPage };
  return { then: (resolve: (value: typeof ready) => void) => resolve(ready) } as unknown as Promise<typeof ready>;
});
const SubmissionDetailPage = lazy(() =>
  import('../features/submissions/SubmissionDetailPage').then((module) => ({ default: module.SubmissionDetailPage })),
);

// Opened straight on a form (a link, a reload, the app resumed there): fetch its code now, beside the
// app's own start-up, instead of after the shell has rendered.
if (typeof window !== 'undefined' && FILL_PATH.test(window.location.pathname)) void loadFillPage();

const withSuspense = (element: ReactNode): ReactElement => (
  <Suspense fallback={<PageState pending error={null}>{null}</PageState>}>{element}</Suspense>
);

const cadre = (element: ReactNode): ReactElement => <RequireAuth roles={['kader', 'admin']}>{element}</RequireAuth>;

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
          <Route path="tugas/:slug" element={cadre(withSuspense(<FillPage />))} />
          <Route path="kiriman" element={cadre(<SubmissionsPage />)} />
          <Route path="kiriman/:id" element={cadre(withSuspense(<SubmissionDetailPage />))} />
          <Route path="beranda" element={<HomePage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </ScreenBoundary>
  );
}
