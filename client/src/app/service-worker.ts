import { whenIdle } from '../lib/idle';

const WARMED_UP_KEY = 'wakuncar.warmed-up-build';

/**
 * Which build of the app this page runs: the content-hashed names of its HTML's scripts (the entry's name
 * changes with any chunk it reaches, lazy ones included, since it holds their names).
 */
function thisBuild(): string {
  return Array.from(document.querySelectorAll('script[type="module"][src]'), (script) => script.getAttribute('src')).join(' ');
}

/** The build the app's code last ran ahead for (null: none yet); undefined when storage is refused. */
function warmedUpBuild(): string | null | undefined {
  try {
    return localStorage.getItem(WARMED_UP_KEY);
  } catch {
    return undefined;
  }
}

function rememberWarmedUp(build: string): void {
  try {
    localStorage.setItem(WARMED_UP_KEY, build);
  } catch {
    // Storage refused: warmUpDue falls back to the first install only.
  }
}

/**
 * Registers the service worker (built by vite-plugin-pwa) and offers a new version of the app once it
 * is installed and waiting; taken up only when the person agrees, since a cadre may be halfway through a
 * form. Written out here instead of the plugin's registerSW, which loads workbox-window (2.3 kB gzip)
 * on every phone's first screen to do what these lines do.
 */
export function registerServiceWorker(onNeedRefresh: (apply: () => Promise<void>) => void): void {
  if (!('serviceWorker' in navigator)) return;
  // Once per build the phone's worker serves: after the first install and after each new version taken
  // up, the first opening of the form would otherwise compile its code while drawing it.
  // Never inside the warm-up page itself, which runs this start-up too. Without storage (private mode,
  // full), only on the first install, as a page no worker serves yet.
  const build = thisBuild();
  const warmedUp = warmedUpBuild();
  const warmUpDue = window.self === window.top && (warmedUp === undefined ? !navigator.serviceWorker.controller : warmedUp !== build);
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
        // Its code is fetched only then, from the active worker's cache.
        const warmUp = (): void => void import('./warm-up').then(({ warmUp: run }) => run(() => rememberWarmedUp(build)), () => undefined);
        if (warmUpDue) void navigator.serviceWorker.ready.then(() => whenIdle(warmUp, 5000));
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
