import type { ReactElement } from 'react';
import { render, type RenderResult } from '@testing-library/react';
import { QueryClient } from '@tanstack/react-query';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import type { User } from '../../../client/src/api/types';
import { clearOfflineCache } from '../../../client/src/api/offline-cache';
import { initI18n, languageReady, setLanguage, type Language } from '../../../client/src/app/i18n';
import { Providers } from '../../../client/src/app/Providers';
import { writeSession } from '../../../client/src/features/auth/session';
import { openWakuncarDb } from '../../../client/src/features/offline/database';
import { Outbox } from '../../../client/src/features/offline/outbox';

// Screen areas add their words to an initialised i18next (the app initialises it at start): do it
// before a test imports a page and its texts.
initI18n('id');

type Tree = { [key: string]: string | Tree };

/** Every key of a texts tree, `a.b.c`. */
export function textKeys(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) => (typeof value === 'string' ? [`${prefix}${key}`] : textKeys(value, `${prefix}${key}.`)));
}

let databaseNumber = 0;

/** Signs `user` in and prepares a clean device in `language`. */
export async function signIn(user: User, language: Language = 'id'): Promise<void> {
  await clearOfflineCache();
  localStorage.clear();
  initI18n(language);
  setLanguage(language);
  await languageReady();
  writeSession({ token: 'token-uji', user });
}

/** One screen of the admin's or OPD's tools inside the app's real providers, at `path`. */
export function renderToolPage(element: ReactElement, path = '/'): RenderResult {
  databaseNumber += 1;
  const name = `tool-page-${databaseNumber}`;
  const outbox = new Outbox(
    () => openWakuncarDb(name),
    {
      send: () => Promise.reject(new TypeError('offline')),
      upload: () => Promise.reject(new TypeError('offline')),
    },
    { lockName: name },
  );
  const queryClient = new QueryClient({
    defaultOptions: {
      queries: { retry: false, networkMode: 'always' },
      mutations: { networkMode: 'always' },
    },
  });
  return render(
    <Providers queryClient={queryClient} outbox={outbox}>
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route path="*" element={element} />
        </Routes>
      </MemoryRouter>
    </Providers>,
  );
}
