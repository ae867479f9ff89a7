/// <reference lib="dom" />
import type { Page } from 'playwright-core';

/** Which submission to review: its id, or a text its entry in the queue shows (with the theme's slug to pick the queue). */
export type ReviewTarget = { submissionId: string } | { summaryText: string; theme: string };

/**
 * As a logged-in admin (interface in Bahasa Indonesia): opens the submission in the review screen,
 * rejects it with `comment`, and waits until the screen shows it rejected.
 */
export async function rejectInReview(page: Page, base: string, target: ReviewTarget, comment: string): Promise<void> {
  if ('submissionId' in target) {
    await page.goto(`${base}/admin/tinjau/${encodeURIComponent(target.submissionId)}`);
  } else {
    await page.goto(`${base}/admin/tinjau?tematik=${encodeURIComponent(target.theme)}&status=submitted`);
    const queue = page.getByRole('list', { name: 'Tinjau kiriman' });
    await queue.getByRole('listitem').filter({ hasText: target.summaryText }).first().getByRole('link').click();
  }
  const decision = page.getByRole('form', { name: 'Keputusan' });
  await decision.getByLabel('Catatan untuk kader').fill(comment);
  await decision.getByRole('button', { name: 'Tolak' }).click();
  await page.getByRole('region', { name: 'Riwayat' }).getByText(comment).waitFor();
}
