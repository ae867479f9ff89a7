import type { ReactElement } from 'react';
import type { QueryClient } from '@tanstack/react-query';
import { BrowserRouter } from 'react-router-dom';
import { prefetchOpenedForm } from '../features/fill/prefetch';
import { createQueryClient, Providers } from './Providers';
import { AppRoutes } from './router';

/**
 * The app's query client, made by main.tsx before anything else runs so that the reads of a form
 * opened by link start while the rest of the app is still being evaluated; `formReads` settles when
 * that form can be drawn from what they answered (null when the app was not opened on a form).
 */
export function startQueryClient(): { queryClient: QueryClient; formReads: Promise<void> | null } {
  const queryClient = createQueryClient();
  return { queryClient, formReads: prefetchOpenedForm(queryClient, window.location) };
}

export function App({ queryClient }: { queryClient: QueryClient }): ReactElement {
  return (
    <Providers queryClient={queryClient}>
      <BrowserRouter>
        <AppRoutes />
      </BrowserRouter>
    </Providers>
  );
}
