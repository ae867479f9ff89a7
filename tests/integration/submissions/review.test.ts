import { randomUUID } from 'node:crypto';
import type { User } from '../../../server/src/modules/users/user.entity';
import { createTestApp, TestApp } from '../../support/test-app';
import { expectProblem } from '../../support/problem';
import { covidData, dayKey, makeSubmission, postSubmission } from '../../support/submissions';
import { METRO_PUSAT, METRO_SELATAN, REJOMULYO, REJOMULYO_RW_01_RT_01 } from '../../support/regions';

describe('submissions: review', () => {
  let t: TestApp;
  let kader: string;
  let reviewer: { user: User; auth: string };
  let submissionId: string;
  beforeAll(async () => {
    t = await createTestApp();
    kader = (await t.as('kader', REJOMULYO)).auth;
    reviewer = await t.as('admin', METRO_SELATAN);
    const body = makeSubmission(REJOMULYO_RW_01_RT_01, covidData(), { period: dayKey(1) });
    submissionId = body.id;
    await postSubmission(t, kader, 'covid-harian', body).expect(201);
  });
  afterAll(() => t.close());

  const review = (auth: string, id: string, body: object) => t.http().post(`/api/submissions/${id}/review`).set('Authorization', auth).send(body);
  const audit = async (action: string) =>
    (await t.db.query(`SELECT actor_id, region_code, details FROM audit_log WHERE action = $1 AND target_id = $2 ORDER BY id`, [action, submissionId])) as {
      actor_id: string;
      region_code: string;
      details: Record<string, unknown>;
    }[];

  it('an admin above the region rejects with a comment (200), audited, shown in events', async () => {
    const response = await review(reviewer.auth, submissionId, { status: 'rejected', comment: 'Angka isolasi tidak sesuai register' }).expect(200);
    expect(response.body).toEqual(
      expect.objectContaining({ id: submissionId, status: 'rejected', reviewComment: 'Angka isolasi tidak sesuai register', reviewedAt: expect.any(String) }),
    );
    expect(response.body.events).toEqual([
      expect.objectContaining({ action: 'rejected', actorId: reviewer.user.id, comment: 'Angka isolasi tidak sesuai register', at: expect.any(String) }),
    ]);
    expect(await audit('submission.rejected')).toEqual([
      { actor_id: reviewer.user.id, region_code: REJOMULYO_RW_01_RT_01, details: { previousStatus: 'submitted', commented: true } },
    ]);
  });

  it('then approves (200); the kader sees both decisions in the history', async () => {
    await review(reviewer.auth, submissionId, { status: 'approved' }).expect(200);
    expect(await audit('submission.approved')).toEqual([
      { actor_id: reviewer.user.id, region_code: REJOMULYO_RW_01_RT_01, details: { previousStatus: 'rejected', commented: false } },
    ]);
    const seen = await t.http().get(`/api/submissions/${submissionId}`).set('Authorization', kader).expect(200);
    expect(seen.body.status).toBe('approved');
    expect(seen.body.events.map((e: { action: string; comment: string | null }) => [e.action, e.comment])).toEqual([
      ['rejected', 'Angka isolasi tidak sesuai register'],
      ['approved', null],
    ]);
  });

  it('tells the kader each result in their notifications, with what opens the submission', async () => {
    const inbox = await t.http().get('/api/notifications').set('Authorization', kader).expect(200);
    const reviews = (inbox.body.items as { kind: string; title: string; message: string; readAt: string | null; details: Record<string, unknown> }[]).filter(
      (item) => item.kind === 'review',
    );
    expect(reviews.map((item) => [item.title, item.readAt, item.details.submissionId, item.details.status])).toEqual([
      ['Kiriman disetujui', null, submissionId, 'approved'],
      ['Kiriman ditolak peninjau', null, submissionId, 'rejected'],
    ]);
    expect(reviews[1].message).toBe('Laporan Harian COVID-19 — Angka isolasi tidak sesuai register');
    expect(reviews[1].details.comment).toBe('Angka isolasi tidak sesuai register');
    const reviewerInbox = await t.http().get('/api/notifications').set('Authorization', reviewer.auth).expect(200);
    expect(reviewerInbox.body.items).toEqual([]);
  });

  it('a kader cannot review (403) and nothing changes', async () => {
    expectProblem(await review(kader, submissionId, { status: 'rejected' }), 403, 'FORBIDDEN');
    const seen = await t.http().get(`/api/submissions/${submissionId}`).set('Authorization', kader).expect(200);
    expect(seen.body.status).toBe('approved');
    expect(seen.body.events).toHaveLength(2);
  });

  it('an admin of another kecamatan gets 404, like for a submission that does not exist', async () => {
    const outsider = (await t.as('admin', METRO_PUSAT)).auth;
    expectProblem(await review(outsider, submissionId, { status: 'rejected', comment: 'x' }), 404);
    expectProblem(await review(reviewer.auth, randomUUID(), { status: 'approved' }), 404);
    expect(await audit('submission.rejected')).toHaveLength(1);
  });

  it('refuses an unknown decision with 400', async () => {
    const problem = expectProblem(await review(reviewer.auth, submissionId, { status: 'diterima' }), 400);
    expect(problem.errors?.map((e) => e.path)).toEqual(['/status']);
    expectProblem(await t.http().post('/api/submissions/bukan-uuid/review').set('Authorization', reviewer.auth).send({ status: 'approved' }), 400);
  });
});
