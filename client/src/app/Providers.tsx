import type { ReactElement, ReactNode } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/http';
import { AuthProvider } from '../features/auth/AuthProvider';
import type { Outbox } from '../features/offline/outbox';
import { OutboxProvider } from '../features/offline/OutboxProvider';
import { Toaster, useToast } from './Toaster';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Reads fall back to the copy kept on the device, so they must run even when the browser says offline.
        networkMode: 'always',
        staleTime: 30_000,
        // Retrying is pointless for a refusal, or while the phone has no network at all.
        retry: (failures, error) => !(isApiError(error) && error.status < 500) && navigator.onLine !== false && failures < 2,
        refetchOnWindowFocus: true,
      },
      mutations: { networkMode: 'always' },
    },
  });
}

/** Tells the cadre when queued submissions reach the server, wherever they are in the app. */
function NotifyingOutbox({ children, outbox }: { children: ReactNode; outbox?: Outbox }): ReactElement {
  const { t } = useTranslation();
  const notify = useToast();
  return (
    <OutboxProvider outbox={outbox} onSent={(ids) => notify(t('outbox.sentToast', { count: ids.length }), 'success')}>
      {children}
    </OutboxProvider>
  );
}

interface ProvidersProps {
  children: ReactNode;
  queryClient: QueryClient;
  /** Tests pass an outbox over their own database; the app uses the shared one. */
  outbox?: Outbox;
}

export function Providers({ children, queryClient, outbox }: ProvidersProps): ReactElement {
  return (
    <QueryClientProvider client={queryClient}>
      <Toaster>
        <AuthProvider>
          <NotifyingOutbox outbox={outbox}>{children}</NotifyingOutbox>
        </AuthProvider>
      </Toaster>
    </QueryClientProvider>
  );
}
