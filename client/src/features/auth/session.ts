import type { User } from '../../api/types';

/**
 * The login lives in localStorage so a cadre who opens the app with no signal is still signed in and
 * can keep filling forms; the token is checked again (GET /api/auth/me) whenever there is a connection.
 */
export interface Session {
  token: string;
  user: User;
}

const STORAGE_KEY = 'wakuncar.session';
const listeners = new Set<() => void>();
let current: Session | null | undefined;

function isSession(value: unknown): value is Session {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { token?: unknown; user?: { id?: unknown; role?: unknown } };
  return typeof candidate.token === 'string' && typeof candidate.user?.id === 'string' && typeof candidate.user.role === 'string';
}

export function readSession(): Session | null {
  if (current !== undefined) return current;
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null');
    current = isSession(parsed) ? parsed : null;
  } catch {
    current = null;
  }
  return current;
}

export function writeSession(session: Session | null): void {
  current = session;
  if (session) localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  else localStorage.removeItem(STORAGE_KEY);
  listeners.forEach((listener) => listener());
}

export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Another tab logged in or out. */
if (typeof window !== 'undefined') {
  window.addEventListener('storage', (event) => {
    if (event.key !== STORAGE_KEY) return;
    current = undefined;
    listeners.forEach((listener) => listener());
  });
}
