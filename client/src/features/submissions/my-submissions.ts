import { apiRequest, withQuery } from '../../api/http';
import { networkFirst, userScoped } from '../../api/offline-cache';
import type { Page, Submission } from '../../api/types';

// Here rather than in api/: only "Kiriman saya" reads this list, and the cadre's fill route should not carry it.

const PAGE_SIZE = 20;

/** One page of the caller's own submissions across every theme (`''`: any theme, any status); kept for reading offline. */
export const loadMySubmissions = (theme: string, status: string, cursor: string | undefined): Promise<Page<Submission>> =>
  networkFirst(userScoped(`my-submissions:${theme}:${status}:${cursor ?? ''}`), () =>
    apiRequest<Page<Submission>>(withQuery('/api/submissions', { mine: 'true', theme, status, cursor, limit: PAGE_SIZE })),
  );
