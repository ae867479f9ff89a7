import type { ReactElement, ReactNode } from 'react';
import { render, type RenderResult } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { MemoryRouter, useLocation } from 'react-router-dom';
import type { FieldProblem, JsonObject } from '../../../client/src/api/types';
import { initI18n, languageReady } from '../../../client/src/app/i18n';
import { Providers } from '../../../client/src/app/Providers';
import { createQueryClient } from '../../../client/src/app/query-client';
import { AppRoutes } from '../../../client/src/app/router';
import type { Outbox } from '../../../client/src/features/offline/outbox';
import { prepareForm, type FormTexts } from '../../../client/src/forms/prepare';
import { loadFormModules } from '../../../client/src/forms/rjsf-look/default-registry';
import { ThemeForm } from '../../../client/src/forms/ThemeForm';
import type { ValidatorSource } from '../../../client/src/forms/validator';
import { REJOMULYO } from '../../support/regions';

export interface FakeAnswer {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface FetchCall {
  url: string;
  method: string;
  body: unknown;
  headers: Record<string, string>;
}

/**
 * The HTTP API for component tests: `routes` maps "METHOD /path?query" (or a prefix of it) to an
 * answer. jsdom has no fetch; this is the seam where the real app talks to the server.
 */
export function stubFetch(routes: Record<string, FakeAnswer | ((call: FetchCall) => FakeAnswer | Promise<FakeAnswer>)>): FetchCall[] {
  const calls: FetchCall[] = [];
  const fake = jest.fn(async (input: string, init: RequestInit = {}) => {
    const method = init.method ?? 'GET';
    const call: FetchCall = { url: input, method, body: init.body, headers: { ...(init.headers as Record<string, string> | undefined) } };
    calls.push(call);
    const key = `${method} ${input}`;
    const match = Object.keys(routes)
      .filter((route) => key === route || key.startsWith(route))
      .sort((left, right) => right.length - left.length)[0];
    if (!match) throw new TypeError(`Failed to fetch ${key}`);
    const route = routes[match];
    const answer = typeof route === 'function' ? await route(call) : route;
    const status = answer.status ?? 200;
    const isProblem = status >= 400;
    const text = answer.body === undefined ? '' : JSON.stringify(answer.body);
    const headers = new Map(Object.entries({ 'content-type': isProblem ? 'application/problem+json' : 'application/json', ...answer.headers }));
    return {
      ok: status < 400,
      status,
      statusText: String(status),
      headers: { get: (name: string) => headers.get(name.toLowerCase()) ?? null },
      text: async () => text,
      blob: async () => new Blob([text]),
    };
  });
  globalThis.fetch = fake as unknown as typeof fetch;
  return calls;
}

export function withQueryClient(children: ReactNode): ReactElement {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, networkMode: 'always' } } });
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}

interface FormOptions {
  initialData?: JsonObject;
  onSubmit?: (data: JsonObject) => void;
  onChange?: (data: JsonObject) => void;
  serverErrors?: readonly FieldProblem[];
  rootRegionCode?: string;
  validatorSource?: ValidatorSource;
  /** The theme's messages and translations, and the language the person chose (Indonesian by default). */
  texts?: FormTexts;
}

/**
 * ThemeForm for a schema, drawn once the on-demand parts it uses (a list, the camera, GPS…) are in;
 * ThemeForm's own wait for them is tested in on-demand-parts.test.tsx.
 */
export async function renderThemeForm(schema: JsonObject, uiSchema: JsonObject = {}, options: FormOptions = {}): Promise<RenderResult> {
  initI18n(options.texts?.language ?? 'id');
  await languageReady();
  const prepared = prepareForm(schema, uiSchema, options.texts);
  await loadFormModules(prepared);
  return render(
    withQueryClient(
      <ThemeForm
        prepared={prepared}
        initialData={options.initialData ?? {}}
        rootRegionCode={options.rootRegionCode ?? REJOMULYO}
        userId="kader-1"
        onSubmit={options.onSubmit}
        onChange={options.onChange}
        serverErrors={options.serverErrors}
        validatorSource={options.validatorSource}
      >
        <button type="submit">Kirim</button>
      </ThemeForm>,
    ),
  );
}

/** Where the app is now, as the router sees it. */
export interface AppLocation {
  pathname: string;
  search: string;
}

function LocationProbe({ into }: { into: AppLocation }): null {
  const location = useLocation();
  into.pathname = location.pathname;
  into.search = location.search;
  return null;
}

/** The whole app (its real providers and routes) at `path`, with the given outbox (and query client, as main.tsx hands it over). */
export function renderApp(path: string, outbox: Outbox, queryClient: QueryClient = createQueryClient()): { location: AppLocation } & RenderResult {
  const location: AppLocation = { pathname: '', search: '' };
  const result = render(
    <Providers queryClient={queryClient} outbox={outbox}>
      <MemoryRouter initialEntries={[path]}>
        <AppRoutes />
        <LocationProbe into={location} />
      </MemoryRouter>
    </Providers>,
  );
  return { location, ...result };
}
