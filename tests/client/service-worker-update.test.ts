import { waitFor } from '@testing-library/react';
import { registerServiceWorker } from '../../client/src/app/service-worker';

/**
 * The browser's service-worker objects, as far as registration and updates go: a worker that can be
 * told to skip waiting, and a registration that announces a new one being installed.
 */
class FakeWorker extends EventTarget {
  state: ServiceWorkerState = 'installing';
  readonly messages: unknown[] = [];
  postMessage(message: unknown): void {
    this.messages.push(message);
  }
  moveTo(state: ServiceWorkerState): void {
    this.state = state;
    this.dispatchEvent(new Event('statechange'));
  }
}

class FakeRegistration extends EventTarget {
  waiting: FakeWorker | null = null;
  installing: FakeWorker | null = null;
  startUpdate(): FakeWorker {
    const worker = new FakeWorker();
    this.installing = worker;
    this.dispatchEvent(new Event('updatefound'));
    return worker;
  }
}

class FakeContainer extends EventTarget {
  controller: object | null = null;
  readonly registered: Array<{ url: string; scope?: string }> = [];
  /** Resolves once a worker is active (here: at once). */
  readonly ready: Promise<FakeRegistration>;
  constructor(readonly registration: FakeRegistration) {
    super();
    this.ready = Promise.resolve(registration);
  }
  register(url: string, options?: { scope?: string }): Promise<FakeRegistration> {
    this.registered.push({ url, scope: options?.scope });
    return Promise.resolve(this.registration);
  }
}

function install(container: FakeContainer): void {
  Object.defineProperty(navigator, 'serviceWorker', { value: container, configurable: true });
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('service worker registration and the "new version" offer', () => {
  let container: FakeContainer;
  let registration: FakeRegistration;
  let offers: Array<() => Promise<void>>;

  beforeEach(() => {
    registration = new FakeRegistration();
    container = new FakeContainer(registration);
    install(container);
    offers = [];
    // A phone that already ran this (script-less) page's code ahead; the warm-up tests start anew.
    localStorage.setItem('wakuncar.warmed-up-build', '');
  });
  afterEach(() => {
    document.querySelectorAll('iframe, script, link').forEach((element) => element.remove());
    localStorage.clear();
  });

  /** The page's HTML as a build writes it: its module scripts, named by the hash of what they reach. */
  const loadBuild = (scripts: string[]): void => {
    for (const src of scripts) {
      const script = document.createElement('script');
      script.type = 'module';
      script.src = src;
      document.head.append(script);
    }
  };
  /** What the app adds while it runs: the chunks a lazy screen needs, preloaded. */
  const preload = (href: string): void => {
    const link = document.createElement('link');
    link.rel = 'modulepreload';
    link.href = href;
    document.head.append(link);
  };

  it('registers /sw.js for the whole app once the page has loaded', async () => {
    registerServiceWorker((apply) => offers.push(apply));
    await settle();
    expect(container.registered).toEqual([{ url: '/sw.js', scope: '/' }]);
  });

  it('offers nothing when the first worker installs: there is no older version to replace', async () => {
    registerServiceWorker((apply) => offers.push(apply));
    await settle();
    const worker = registration.startUpdate();
    registration.waiting = worker;
    worker.moveTo('installed');
    expect(offers).toHaveLength(0);
  });

  it('offers a new version once it is installed, and takes it up only when asked', async () => {
    container.controller = {};
    registerServiceWorker((apply) => offers.push(apply));
    await settle();
    const worker = registration.startUpdate();
    expect(offers).toHaveLength(0);
    registration.waiting = worker;
    worker.moveTo('installed');
    expect(offers).toHaveLength(1);
    expect(worker.messages).toEqual([]);

    await offers[0]();
    expect(worker.messages).toEqual([{ type: 'SKIP_WAITING' }]);
  });

  const warmUpFrame = (): HTMLIFrameElement | null => document.querySelector<HTMLIFrameElement>('iframe[src="/warm-up.html"]');

  it('after a phone\'s first install, runs the app\'s code once in a hidden page from the new worker, then removes it', async () => {
    localStorage.clear();
    registerServiceWorker((apply) => offers.push(apply));
    await waitFor(() => expect(warmUpFrame()).not.toBeNull());
    const frame = warmUpFrame();
    // Out of sight and out of reach: not drawn, not announced, not a tab stop.
    expect(frame?.hidden).toBe(true);
    expect(frame?.getAttribute('aria-hidden')).toBe('true');
    expect(frame?.tabIndex).toBe(-1);

    jest.useFakeTimers();
    try {
      frame?.dispatchEvent(new Event('load'));
      jest.advanceTimersByTime(14_000);
      expect(warmUpFrame()).not.toBeNull();
      jest.advanceTimersByTime(1_000);
      expect(warmUpFrame()).toBeNull();
    } finally {
      jest.useRealTimers();
    }
  });

  /** The hidden page ran: its load event, then it goes. */
  const finishWarmUp = (): void => {
    const frame = warmUpFrame();
    frame?.dispatchEvent(new Event('load'));
    frame?.remove();
  };
  /** Long enough for a warm-up to have started (the first-install test above). */
  const noWarmUpStarts = async (): Promise<void> => {
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(warmUpFrame()).toBeNull();
  };

  it('does not run the code ahead again on later visits of the same version', async () => {
    localStorage.clear();
    loadBuild(['/assets/early-reads-E1.js', '/assets/index-A1.js']);
    registerServiceWorker((apply) => offers.push(apply));
    await waitFor(() => expect(warmUpFrame()).not.toBeNull());
    finishWarmUp();

    // The next opening, served by the worker, on a screen that preloads its own chunks.
    preload('/assets/Dashboard-D1.js');
    container.controller = {};
    registerServiceWorker((apply) => offers.push(apply));
    await noWarmUpStarts();
  });

  it('runs the code ahead once more after a new version of the app is taken up', async () => {
    localStorage.clear();
    loadBuild(['/assets/early-reads-E1.js', '/assets/index-A1.js']);
    container.controller = {};
    registerServiceWorker((apply) => offers.push(apply));
    await waitFor(() => expect(warmUpFrame()).not.toBeNull());
    finishWarmUp();
    document.querySelectorAll('script, link').forEach((element) => element.remove());

    loadBuild(['/assets/early-reads-E1.js', '/assets/index-A2.js']);
    registerServiceWorker((apply) => offers.push(apply));
    await waitFor(() => expect(warmUpFrame()).not.toBeNull());
  });

  it('runs it again on the next visit when the hidden page was closed before it loaded', async () => {
    localStorage.clear();
    loadBuild(['/assets/index-A1.js']);
    registerServiceWorker((apply) => offers.push(apply));
    await waitFor(() => expect(warmUpFrame()).not.toBeNull());
    // The cadre closed the app at once: no load event.
    warmUpFrame()?.remove();

    container.controller = {};
    registerServiceWorker((apply) => offers.push(apply));
    await waitFor(() => expect(warmUpFrame()).not.toBeNull());
  });

  it('without storage (private mode), runs it on the first install only, not on every visit', async () => {
    const getItem = jest.spyOn(Storage.prototype, 'getItem').mockImplementation(() => {
      throw new DOMException('refused', 'SecurityError');
    });
    const setItem = jest.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('refused', 'SecurityError');
    });
    try {
      loadBuild(['/assets/index-A1.js']);
      container.controller = {};
      registerServiceWorker((apply) => offers.push(apply));
      await noWarmUpStarts();

      container.controller = null;
      registerServiceWorker((apply) => offers.push(apply));
      await waitFor(() => expect(warmUpFrame()).not.toBeNull());
      expect(() => finishWarmUp()).not.toThrow();
    } finally {
      getItem.mockRestore();
      setItem.mockRestore();
    }
  });

  it('does not run it from inside the hidden page itself, which runs the app\'s start-up too', async () => {
    localStorage.clear();
    loadBuild(['/assets/index-A1.js']);
    // A framed page: its own window is not the top one (jsdom's `top` cannot be redefined, `self` can).
    const self = Object.getOwnPropertyDescriptor(window, 'self');
    Object.defineProperty(window, 'self', { value: {}, configurable: true });
    try {
      registerServiceWorker((apply) => offers.push(apply));
      await noWarmUpStarts();
      expect(localStorage.length).toBe(0);
    } finally {
      if (self) Object.defineProperty(window, 'self', self);
    }
  });

  it('offers a version that finished installing during an earlier visit', async () => {
    container.controller = {};
    const waiting = new FakeWorker();
    waiting.state = 'installed';
    registration.waiting = waiting;
    registerServiceWorker((apply) => offers.push(apply));
    await settle();
    expect(offers).toHaveLength(1);
    await offers[0]();
    expect(waiting.messages).toEqual([{ type: 'SKIP_WAITING' }]);
  });
});
