import { useState, type ReactElement } from 'react';
import { RouterProvider } from 'react-router-dom';
import { createQueryClient, Providers } from './Providers';
import { createAppRouter } from './router';

export function App(): ReactElement {
  const [queryClient] = useState(createQueryClient);
  const [router] = useState(createAppRouter);
  return (
    <Providers queryClient={queryClient}>
      <RouterProvider router={router} />
    </Providers>
  );
}
