import { createContext, useCallback, useContext, useEffect, useMemo, useState, useSyncExternalStore, type ReactElement, type ReactNode } from 'react';
import i18next from 'i18next';
import { useQueryClient } from '@tanstack/react-query';
import { fetchMe, login as loginRequest, logoutRequest, updateProfile } from '../../api/endpoints';
import { configureApi } from '../../api/http';
import { clearOfflineCache } from '../../api/offline-cache';
import type { User } from '../../api/types';
import { setLanguage, textLanguage } from '../../app/i18n';
import { readSession, subscribeSession, writeSession } from './session';

export interface AuthValue {
  user: User | null;
  /** The server ended the session (401). Queued submissions stay on the device until the same person logs in again. */
  expired: boolean;
  login: (username: string, password: string) => Promise<User>;
  /**
   * Ends the session on the server (when reachable) and forgets this person's cached reads. The
   * outbox stays on the device for its owner's next login.
   */
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
    // An expired session on a shared phone forgets what was read as it, like a logout; the outbox and
    // this person's drafts stay for when they log in again.
    void clearOfflineCache();
    expiredListeners.forEach((listener) => listener());
  },
});

export function AuthProvider({ children }: { children: ReactNode }): ReactElement {
  const session = useSyncExternalStore(subscribeSession, readSession, readSession);
  const [expired, setExpired] = useState(false);
  const queryClient = useQueryClient();

  useEffect(() => {
    const listener = (): void => {
      setExpired(true);
      queryClient.clear();
    };
    expiredListeners.push(listener);
    return () => {
      expiredListeners = expiredListeners.filter((entry) => entry !== listener);
    };
  }, [queryClient]);

  // Check the stored token when there is a connection; offline, the stored user is trusted until then.
  const token = session?.token;
  useEffect(() => {
    if (!token) return;
    fetchMe()
      .then((user) => {
        const current = readSession();
        if (current?.token !== token) return;
        const changedElsewhere = user.language !== undefined && user.language !== current.user.language;
        writeSession({ token, user });
        if (changedElsewhere && user.language) setLanguage(user.language);
      })
      .catch(() => undefined);
  }, [token]);

  // The language is stored on the user, so a choice made on this device follows them to the next one.
  useEffect(() => {
    const save = (chosen: string): void => {
      const language = textLanguage(chosen);
      const current = readSession();
      if (!current || current.user.language === undefined || current.user.language === language) return;
      updateProfile({ language })
        .then((user) => {
          if (readSession()?.token === current.token) writeSession({ token: current.token, user });
        })
        .catch(() => undefined);
    };
    i18next.on('languageChanged', save);
    return () => i18next.off('languageChanged', save);
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const answer = await loginRequest(username, password);
    // Whatever someone else left unfinished on this phone is not shown to the next person. Loaded
    // here (logging in is online) so the drafts module stays out of the first screen's code.
    await import('../fill/drafts').then((drafts) => drafts.clearOtherUsersDrafts(answer.user.id)).catch(() => undefined);
    writeSession({ token: answer.accessToken, user: answer.user });
    setExpired(false);
    if (answer.user.language) setLanguage(answer.user.language);
    return answer.user;
  }, []);

  const logout = useCallback(async () => {
    // Offline the token cannot be ended now; it still expires by itself, and this device forgets it.
    if (readSession()) await logoutRequest().catch(() => undefined);
    writeSession(null);
    setExpired(false);
    queryClient.clear();
    await clearOfflineCache();
  }, [queryClient]);

  const value = useMemo<AuthValue>(() => ({ user: session?.user ?? null, expired, login, logout }), [session, expired, login, logout]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
