import { createContext, useCallback, useContext, useEffect, useMemo, useState, useSyncExternalStore, type ReactElement, type ReactNode } from 'react';
import i18next from 'i18next';
import { useQueryClient } from '@tanstack/react-query';
import { fetchMe, login as loginRequest } from '../../api/endpoints';
import { configureApi } from '../../api/http';
import { clearOfflineCache } from '../../api/offline-cache';
import type { User } from '../../api/types';
import { readSession, subscribeSession, writeSession } from './session';

export interface AuthValue {
  user: User | null;
  /** The server ended the session (401). Queued submissions stay on the device until the same person logs in again. */
  expired: boolean;
  login: (username: string, password: string) => Promise<User>;
  /** Ends the session and forgets this person's cached reads. The outbox is cleared by the caller, after a warning. */
  logout: () => Promise<void>;
}

const AuthContext = createContext<AuthValue | null>(null);

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth needs an <AuthProvider>');
  return value;
}

/** The signed-in user; only for screens behind <RequireAuth>. */
export function useCurrentUser(): User {
  const { user } = useAuth();
  if (!user) throw new Error('useCurrentUser used outside a signed-in screen');
  return user;
}

let expiredListeners: Array<() => void> = [];

configureApi({
  getToken: () => readSession()?.token ?? null,
  getLanguage: () => i18next.language || 'id',
  onUnauthorized: () => {
    writeSession(null);
    expiredListeners.forEach((listener) => listener());
  },
});

export function AuthProvider({ children }: { children: ReactNode }): ReactElement {
  const session = useSyncExternalStore(subscribeSession, readSession, readSession);
  const [expired, setExpired] = useState(false);
  const queryClient = useQueryClient();

  useEffect(() => {
    const listener = (): void => setExpired(true);
    expiredListeners.push(listener);
    return () => {
      expiredListeners = expiredListeners.filter((entry) => entry !== listener);
    };
  }, []);

  // Check the stored token when there is a connection; offline, the stored user is trusted until then.
  const token = session?.token;
  useEffect(() => {
    if (!token) return;
    fetchMe()
      .then((user) => {
        const current = readSession();
        if (current?.token === token) writeSession({ token, user });
      })
      .catch(() => undefined);
  }, [token]);

  const login = useCallback(async (username: string, password: string) => {
    const answer = await loginRequest(username, password);
    writeSession({ token: answer.accessToken, user: answer.user });
    setExpired(false);
    return answer.user;
  }, []);

  const logout = useCallback(async () => {
    writeSession(null);
    setExpired(false);
    queryClient.clear();
    await clearOfflineCache();
  }, [queryClient]);

  const value = useMemo<AuthValue>(() => ({ user: session?.user ?? null, expired, login, logout }), [session, expired, login, logout]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
