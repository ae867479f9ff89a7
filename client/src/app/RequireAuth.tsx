import type { ReactElement, ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import type { Role } from '../api/types';
import { useAuth } from '../features/auth/AuthProvider';
import { homePathFor } from './navigation';

/** Screens behind login; `roles` keeps a person out of screens their role never uses. */
export function RequireAuth({ children, roles }: { children: ReactNode; roles?: readonly Role[] }): ReactElement {
  const { user } = useAuth();
  const location = useLocation();
  if (!user) return <Navigate to="/masuk" replace state={{ from: `${location.pathname}${location.search}` }} />;
  if (roles && !roles.includes(user.role)) return <Navigate to={homePathFor(user.role)} replace />;
  return <>{children}</>;
}
