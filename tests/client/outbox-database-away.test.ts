import { createSubmission } from '../../client/src/api/endpoints';
import { openWakuncarDb } from '../../client/src/features/offline/database';
import { Outbox, type NewOutboxItem, type OutboxTransport } from '../../client/src/features/offline/outbox';
import { REJOMULYO } from '../support/regions';

/**
 * The server's database is away: POST /api/themes/:slug/submissions answers 503 problem+json
 * `RETRYABLE` with `Retry-After`, as the API does (tests/process/database-stopped.test.ts). The
 * submission goes through the app's real request code (fetch stands in for the network).
 */
let databaseAway = true;
const stored = new Map<string, string>();
const posts: string[] = [];

function fakeServer(_input: string, init: RequestInit = {}): Promise<Response> {
  const body = JSON.parse(String(init.body)) as { id: string };
  posts.push(body.id);
  if (databaseAway) {
    const problem = { type: '/problems/retryable', title: 'Service unavailable', status: 503, detail: 'Basis data sedang tidak dapat dihubungi', code: 'RETRYABLE', retryAfter: 5 };
    return Promise.resolve(new Response(JSON.stringify(problem), { status: 503, headers: { 'Content-Type': 'application/problem+json', 'Retry-After': '5' } }));
  }
  const replay = stored.has(body.id);
  stored.set(body.id, String(init.body));
  return Promise.resolve(new Response(JSON.stringify({ id: body.id }), { status: replay ? 200 : 201, headers: { 'Content-Type': 'application/json' } }));
}

const realTransport: OutboxTransport = {
  send: (item) => createSubmission(item.theme, { id: item.id, regionCode: item.regionCode, period: item.period, version: item.version, data: item.data }),
  upload: () => Promise.reject(new Error('no photos here')),
};

const submission = (n: number): NewOutboxItem => ({
  id: crypto.randomUUID(),
  userId: 'kader-1',
  theme: 'covid-harian',
  themeTitle: 'Kasus COVID-19 harian',
  version: 1,
  regionCode: REJOMULYO,
  period: '2026-11-28',
  data: { kasus_baru: n },
});

describe('the outbox while the server database is away', () => {
  const realFetch = globalThis.fetch;
  beforeEach(() => {
    globalThis.fetch = fakeServer as typeof fetch;
  });
  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  it('keeps what was refused with 503, waits as long as Retry-After says, then sends each once', async () => {
    let clock = Date.parse('2026-11-28T02:00:00Z');
    const outbox = new Outbox(() => openWakuncarDb('outbox-database-away'), realTransport, { now: () => clock, lockName: 'outbox-database-away' });
    const first = await outbox.enqueue(submission(1));
    const second = await outbox.enqueue(submission(2));

    const refused = await outbox.flush('kader-1');
    expect(refused.sent).toEqual([]);
    expect(refused.rejected).toEqual([]);
    expect(await outbox.counts('kader-1')).toEqual({ waiting: 2, rejected: 0 });
    expect((await outbox.get(first.id))?.lastFailure).toMatchObject({ kind: 'retryable', problem: { status: 503, code: 'RETRYABLE' } });
    expect(await outbox.nextAttemptIn('kader-1')).toBe(5000);

    // Not before the time the server asked for.
    databaseAway = false;
    clock += 4000;
    expect((await outbox.flush('kader-1')).sent).toEqual([]);
    expect(posts).toHaveLength(2);

    clock += 1000;
    const sent = await outbox.flush('kader-1');
    expect(sent.sent.sort()).toEqual([first.id, second.id].sort());
    expect(await outbox.counts('kader-1')).toEqual({ waiting: 0, rejected: 0 });
    expect([...stored.keys()].sort()).toEqual([first.id, second.id].sort());
    expect(posts).toHaveLength(4);
  });
});
