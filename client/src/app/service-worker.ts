import { whenIdle } from '../lib/idle';

/**
 * Registers the service worker (built by vite-plugin-pwa) and offers a new version of the app once it
 * is installed and waiting; taken up only when the person agrees, since a cadre may be halfway through a
 * form. Written out here instead of the plugin's registerSW, which loads workbox-window (2.3 kB gzip)
 * on every phone's first screen to do what these lines do.
 */
export function registerServiceWorker(onNeedRefresh: (apply: () => Promise<void>) => void): void {
  if (!('serviceWorker' in navigator)) return;
  // No worker controls the page on the phone's first visit: the one registered now installs the app.
  const firstInstall = !navigator.serviceWorker.controller && window.self === window.top;
  const offer = (registration: ServiceWorkerRegistration): void => {
    const waiting = registration.waiting;
    // Nothing controls the page on the first install: there is no older version to replace.
    if (!waiting || !navigator.serviceWorker.controller) return;
    onNeedRefresh(async () => {
      navigator.serviceWorker.addEventListener('controllerchange', () => window.location.reload(), { once: true });
      // The generated worker answers this message with skipWaiting().
      waiting.postMessage({ type: 'SKIP_WAITING' });
    });
  };
  const register = (): void => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).then(
      (registration) => {
        // A version that finished installing during an earlier visit is still waiting.
        offer(registration);
        // Its code is fetched only then (from the new worker's cache): it runs once per phone.
        const warmUp = (): void => void import('./warm-up').then(({ warmUp: run }) => run(), () => undefined);
        if (firstInstall) void navigator.serviceWorker.ready.then(() => whenIdle(warmUp, 5000));
        registration.addEventListener('updatefound', () => {
          const installing = registration.installing;
          installing?.addEventListener('statechange', () => {
            if (installing.state === 'installed') offer(registration);
          });
        });
      },
      // No worker (private mode, an old browser): the app works online as a plain page.
      () => undefined,
    );
  };
  // After the page has loaded, so the worker's precache does not compete with the first screen.
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
