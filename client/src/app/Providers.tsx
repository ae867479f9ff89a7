import type { ReactElement, ReactNode } from 'react';
import { type QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { AuthProvider } from '../features/auth/AuthProvider';
import type { Outbox } from '../features/offline/outbox';
import { OutboxProvider } from '../features/offline/OutboxProvider';
import { Toaster, useToast } from './Toaster';

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
