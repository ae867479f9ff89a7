import { randomUUID } from 'node:crypto';
import { periodKeyAt } from '../../server/src/modules/submissions/period';
import type { CreateSubmissionDto } from '../../server/src/modules/submissions/dto/create-submission.dto';
import type { TestApp } from './test-app';

/** What a client POSTs to /api/themes/:slug/submissions. */
export type SubmissionBody = CreateSubmissionDto;

/**
 * A submission body with a new client UUID, as the app makes one: POST the same body again and it is
 * a replay (200, the stored answer), not a second submission.
 */
export function makeSubmission(regionCode: string, data: Record<string, unknown>, extra: Partial<SubmissionBody> = {}): SubmissionBody {
  return { id: randomUUID(), regionCode, data, ...extra };
}

/** POSTs `body` as it is and answers the raw response, for tests about what the API answers. */
export function postSubmission(t: TestApp, auth: string, slug: string, body: SubmissionBody) {
  return t.http().post(`/api/themes/${slug}/submissions`).set('Authorization', auth).send(body);
}

/** Builds and POSTs a submission that must be stored (201), for tests about what follows; answers its id. */
export async function submit(t: TestApp, auth: string, slug: string, regionCode: string, period: string, data: Record<string, unknown>): Promise<string> {
  const body = makeSubmission(regionCode, data, { period });
  const response = await postSubmission(t, auth, slug, body);
  if (response.status !== 201) throw new Error(`submission to ${slug} answered ${response.status}: ${response.text}`);
  return body.id;
}

/** Valid data for the built-in `covid-harian` (report, day, kelurahan). */
export function covidData(konfirmasiBaru = 2): Record<string, unknown> {
  return { suspek: 4, konfirmasi_baru: konfirmasiBaru, sembuh: 1, meninggal: 0, isolasi_mandiri: 7 };
}

/** The WIB day `days` before today, e.g. `2026-11-25`: always a period that has started. */
export function dayKey(days: number): string {
  return periodKeyAt('day', new Date(Date.now() - days * 24 * 3600_000));
}
