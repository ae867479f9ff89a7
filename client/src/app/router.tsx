import { lazy, Suspense, type ReactElement, type ReactNode } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router-dom';
import { LoginPage } from '../features/auth/LoginPage';
import { SubmissionsPage } from '../features/submissions/SubmissionsPage';
import { TasksPage } from '../features/tasks/TasksPage';
import { HomePage, NotFoundPage, RootRedirect } from './HomePage';
import { PageState } from './PageState';
import { RequireAuth } from './RequireAuth';
import { RouteError } from './RouteError';
import { Shell } from './Shell';

// The form engine (RJSF + Ajv) loads only when a form is opened, keeping the first screen light.
const FillPage = lazy(() => import('../features/fill/FillPage').then((module) => ({ default: module.FillPage })));
const SubmissionDetailPage = lazy(() =>
  import('../features/submissions/SubmissionDetailPage').then((module) => ({ default: module.SubmissionDetailPage })),
);

const withSuspense = (element: ReactNode): ReactElement => (
  <Suspense fallback={<PageState pending error={null}>{null}</PageState>}>{element}</Suspense>
);

const cadre = (element: ReactNode): ReactElement => <RequireAuth roles={['kader', 'admin']}>{element}</RequireAuth>;

export const routes: RouteObject[] = [
  { path: '/masuk', element: <LoginPage />, errorElement: <RouteError /> },
  {
    path: '/',
    element: (
      <RequireAuth>
        <Shell />
      </RequireAuth>
    ),
    errorElement: <RouteError />,
    children: [
      {
        // A screen that fails keeps the shell (navigation, outbox counter) around its error message.
        errorElement: <RouteError />,
        children: [
          { index: true, element: <RootRedirect /> },
          { path: 'tugas', element: cadre(<TasksPage />) },
          { path: 'tugas/:slug', element: cadre(withSuspense(<FillPage />)) },
          { path: 'kiriman', element: cadre(<SubmissionsPage />) },
          { path: 'kiriman/:id', element: cadre(withSuspense(<SubmissionDetailPage />)) },
          { path: 'beranda', element: <HomePage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
];

export const createAppRouter = (): ReturnType<typeof createBrowserRouter> => createBrowserRouter(routes);
