import { apiRequest, withQuery } from '../../../api/http';
import type { Page, Submission } from '../../../api/types';

export const REVIEW_STATUSES = ['submitted', 'approved', 'rejected'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export interface ReviewFilters {
  /** A theme's slug; empty: every theme. */
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

/** A submission in the queue, named by the server: its theme, its record and its period in words. */
export interface ReviewItem extends Submission {
  themeTitle: string;
  summary: string | null;
  periodLabel: string;
}

export interface ReviewedSubmission extends Submission {
  events?: SubmissionEvent[];
}

/** One page of the queue: the admin's subtree across themes (or one), newest first, filtered on the server. */
export const fetchReviewPage = (filters: ReviewFilters, cursor: string | undefined): Promise<Page<ReviewItem>> =>
  apiRequest<Page<ReviewItem>>(
    withQuery('/api/submissions', {
      theme: filters.theme,
      region: filters.region,
      period: filters.period,
      status: filters.status,
      cursor,
      limit: 50,
    }),
  );

export const fetchForReview = (id: string): Promise<ReviewedSubmission> =>
  apiRequest<ReviewedSubmission>(`/api/submissions/${encodeURIComponent(id)}`);

export const reviewSubmission = (id: string, status: 'approved' | 'rejected', comment: string): Promise<ReviewedSubmission> =>
  apiRequest<ReviewedSubmission>(`/api/submissions/${encodeURIComponent(id)}/review`, {
    method: 'POST',
    body: { status, comment: comment || undefined },
  });
