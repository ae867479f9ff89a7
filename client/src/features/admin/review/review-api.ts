import { apiRequest, withQuery } from '../../../api/http';
import type { Page, Submission } from '../../../api/types';

export const REVIEW_STATUSES = ['submitted', 'approved', 'rejected'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export interface ReviewFilters {
  theme: string;
  /** A region inside the admin's subtree; empty: the whole subtree. */
  region: string;
  /** A period key; empty: every period. */
  period: string;
  status: ReviewStatus | '';
}

/** What the server recorded about a submission: sent, revised, approved, rejected. */
export interface SubmissionEvent {
  action: string;
  actorId: string | null;
  comment: string | null;
  at: string;
}

export interface ReviewedSubmission extends Submission {
  events?: SubmissionEvent[];
}

/**
 * One page of the queue. Until `GET /api/submissions` (every theme, with a status filter) is in this
 * tree, the queue reads one theme's list and keeps the pages' items of the chosen status.
 */
export async function fetchReviewPage(filters: ReviewFilters, cursor: string | undefined): Promise<Page<Submission>> {
  const page = await apiRequest<Page<Submission>>(
    withQuery(`/api/themes/${encodeURIComponent(filters.theme)}/submissions`, { region: filters.region, period: filters.period, cursor, limit: 50 }),
  );
  const items = page.items.filter((item) => item.current !== false && (!filters.status || item.status === filters.status));
  return { items, nextCursor: page.nextCursor };
}

export const fetchForReview = (id: string): Promise<ReviewedSubmission> => apiRequest<ReviewedSubmission>(`/api/submissions/${encodeURIComponent(id)}`);

export const reviewSubmission = (id: string, status: 'approved' | 'rejected', comment: string): Promise<ReviewedSubmission> =>
  apiRequest<ReviewedSubmission>(`/api/submissions/${encodeURIComponent(id)}/review`, { method: 'POST', body: { status, comment: comment || undefined } });
