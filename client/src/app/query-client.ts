import { QueryClient } from '@tanstack/react-query';
import { isApiError } from '../api/http';

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
