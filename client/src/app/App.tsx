import { useState, type ReactElement } from 'react';
import { BrowserRouter } from 'react-router-dom';
import { prefetchOpenedForm } from '../features/fill/prefetch';
import { createQueryClient, Providers } from './Providers';
import { AppRoutes } from './router';

function startQueryClient(): ReturnType<typeof createQueryClient> {
  const client = createQueryClient();
  prefetchOpenedForm(client, window.location);
  return client;
}

export function App(): ReactElement {
  const [queryClient] = useState(startQueryClient);
  return (
    <Providers queryClient={queryClient}>
      <BrowserRouter>
        <AppRoutes />
      </BrowserRouter>
    </Providers>
  );
}
