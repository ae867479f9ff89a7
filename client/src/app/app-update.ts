/**
 * Whether a new version of the app is waiting (service worker), kept outside React so main.tsx can
 * report it and the shell can offer "Muat ulang" without importing the service-worker module.
 */
type Update = (() => Promise<void>) | null;

let pending: Update = null;
const listeners = new Set<() => void>();

export function reportUpdate(apply: () => Promise<void>): void {
  pending = apply;
  listeners.forEach((listener) => listener());
}

export const pendingUpdate = (): Update => pending;

export function subscribeUpdate(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
