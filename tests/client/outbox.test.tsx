import { ApiError, NetworkError } from '../../client/src/api/http';
import type { FieldProblem } from '../../client/src/api/types';
import { openWakuncarDb, type LocalFile, type OutboxItem, type WakuncarDatabase } from '../../client/src/features/offline/database';
import { Outbox, type NewOutboxItem, type OutboxTransport } from '../../client/src/features/offline/outbox';
import { REJOMULYO } from '../support/regions';

/**
 * A stand-in for POST /api/themes/:slug/submissions and POST /api/files with the contract's rules:
 * the same id and content replays (200), the same id with other content is a conflict (409).
 */
class FakeServer implements OutboxTransport {
  stored = new Map<string, string>();
  posts: string[] = [];
  uploads: string[] = [];
  online = true;
  /** Store the submission, then lose the answer (the connection drops on the way back). */
  loseNextAnswer = false;
  nextProblem: { status: number; code: string; errors?: FieldProblem[]; retryAfter?: number } | null = null;

  async send(item: OutboxItem): Promise<unknown> {
    if (!this.online) throw new NetworkError(new TypeError('Failed to fetch'));
    this.posts.push(item.id);
    if (this.nextProblem) {
      const problem = this.nextProblem;
      this.nextProblem = null;
      throw new ApiError({ status: problem.status, code: problem.code, title: problem.code, detail: 'refused', errors: problem.errors }, problem.retryAfter ?? null);
    }
    const content = JSON.stringify([item.theme, item.regionCode, item.period, item.data]);
    const previous = this.stored.get(item.id);
    if (previous !== undefined && previous !== content) {
      throw new ApiError({ status: 409, code: 'SUBMISSION_CONFLICT', title: 'Conflict', detail: 'other content' });
    }
    this.stored.set(item.id, content);
    if (this.loseNextAnswer) {
      this.loseNextAnswer = false;
      throw new NetworkError(new TypeError('connection reset'));
    }
    return { id: item.id, status: previous === undefined ? 201 : 200 };
  }

  async upload(file: LocalFile): Promise<{ id: string }> {
    if (!this.online) throw new NetworkError(new TypeError('Failed to fetch'));
    this.uploads.push(file.id);
    return { id: `0000000${this.uploads.length}-0000-4000-8000-000000000000` };
  }
}

let databaseNumber = 0;
let databaseName = '';
let clock = 0;
const openDatabase = (): Promise<WakuncarDatabase> => openWakuncarDb(databaseName);
const makeOutbox = (server: OutboxTransport): Outbox => new Outbox(openDatabase, server, { now: () => clock, random: () => 0.5 });

const submission = (overrides: Partial<NewOutboxItem> = {}): NewOutboxItem => ({
  id: crypto.randomUUID(),
  userId: 'kader-1',
  theme: 'covid-harian',
  themeTitle: 'Kasus COVID-19 harian',
  version: 1,
  regionCode: REJOMULYO,
  period: '2026-11-28',
  data: { kasus_baru: 3 },
  ...overrides,
});

beforeEach(() => {
  databaseNumber += 1;
  databaseName = `outbox-test-${databaseNumber}`;
  clock = Date.parse('2026-11-28T02:00:00Z');
});

describe('the outbox', () => {
  it('keeps what was submitted offline across a reload and sends each item exactly once when online', async () => {
    const server = new FakeServer();
    server.online = false;
    const before = makeOutbox(server);
    const ids = [];
    for (let index = 0; index < 3; index += 1) ids.push((await before.enqueue(submission({ data: { kasus_baru: index } }))).id);
    const offlineRun = await before.flush('kader-1', { force: true });
    expect(offlineRun.offline).toBe(true);
    expect(server.stored.size).toBe(0);

    // The page reloads: a new Outbox over the same IndexedDB database.
    const after = makeOutbox(server);
    expect((await after.counts('kader-1')).waiting).toBe(3);

    server.online = true;
    // The online event, a focus event and the retry timer arrive together.
    const [first, second, third] = await Promise.all([
      after.flush('kader-1', { force: true }),
      after.flush('kader-1', { force: true }),
      after.flush('kader-1'),
    ]);
    expect(first.sent.sort()).toEqual([...ids].sort());
    expect(second.sent).toEqual([]);
    expect(third).toBe(second);
    expect(server.stored.size).toBe(3);
    expect(server.posts.sort()).toEqual([...ids].sort());
    expect(await after.list('kader-1')).toEqual([]);

    await after.flush('kader-1', { force: true });
    expect(server.posts).toHaveLength(3);
  });

  it('waits with growing pauses after network failures, unless sending is forced', async () => {
    const server = new FakeServer();
    server.online = false;
    const outbox = makeOutbox(server);
    await outbox.enqueue(submission());

    await outbox.flush('kader-1');
    expect(await outbox.nextAttemptIn('kader-1')).toBe(5_000);
    clock += 1_000;
    await outbox.flush('kader-1');
    expect((await outbox.list('kader-1'))[0].attempts).toBe(1);

    clock += 5_000;
    await outbox.flush('kader-1');
    expect((await outbox.list('kader-1'))[0].attempts).toBe(2);
    expect(await outbox.nextAttemptIn('kader-1')).toBe(10_000);

    server.online = true;
    const report = await outbox.flush('kader-1', { force: true });
    expect(report.sent).toHaveLength(1);
    expect(server.stored.size).toBe(1);
  });

  it('resends under the same id when the answer was lost, and the server keeps one submission', async () => {
    const server = new FakeServer();
    server.loseNextAnswer = true;
    const outbox = makeOutbox(server);
    const { id } = await outbox.enqueue(submission());

    const lost = await outbox.flush('kader-1', { force: true });
    expect(lost.sent).toEqual([]);
    expect(await outbox.counts('kader-1')).toEqual({ waiting: 1, rejected: 0 });

    const replay = await outbox.flush('kader-1', { force: true });
    expect(replay.sent).toEqual([id]);
    expect(server.posts).toEqual([id, id]);
    expect(server.stored.size).toBe(1);
  });

  it('keeps a 422 with its field errors, never retries it by itself, and sends the corrected data under the same id', async () => {
    const server = new FakeServer();
    server.nextProblem = {
      status: 422,
      code: 'VALIDATION_FAILED',
      errors: [{ path: '/kasus_baru', keyword: 'minimum', message: 'harus >= 0' }],
    };
    const outbox = makeOutbox(server);
    const item = await outbox.enqueue(submission({ data: { kasus_baru: -1 } }));

    const report = await outbox.flush('kader-1', { force: true });
    expect(report.rejected).toEqual([item.id]);
    const [kept] = await outbox.list('kader-1');
    expect(kept.state).toBe('rejected');
    expect(kept.data).toEqual({ kasus_baru: -1 });
    expect(kept.lastFailure?.problem?.code).toBe('VALIDATION_FAILED');
    expect(kept.lastFailure?.problem?.errors).toEqual([{ path: '/kasus_baru', keyword: 'minimum', message: 'harus >= 0' }]);

    clock += 60 * 60_000;
    await outbox.flush('kader-1', { force: true });
    expect(server.posts).toEqual([item.id]);

    await outbox.enqueue({ ...item, data: { kasus_baru: 1 } });
    const fixed = await outbox.flush('kader-1', { force: true });
    expect(fixed.sent).toEqual([item.id]);
    expect(server.stored.get(item.id)).toContain('"kasus_baru":1');
  });

  it('keeps a 409, refuses to reuse its id, and can send the data again as a new submission', async () => {
    const server = new FakeServer();
    const outbox = makeOutbox(server);
    const item = await outbox.enqueue(submission());
    server.stored.set(item.id, 'something else');

    await outbox.flush('kader-1', { force: true });
    const [kept] = await outbox.list('kader-1');
    expect(kept.state).toBe('rejected');
    expect(kept.lastFailure?.problem?.status).toBe(409);
    await expect(outbox.enqueue({ ...item, data: { kasus_baru: 4 } })).rejects.toThrow(/cannot be changed/);

    const renewed = await outbox.resendAsNew(item.id);
    expect(renewed?.id).not.toBe(item.id);
    const report = await outbox.flush('kader-1', { force: true });
    expect(report.sent).toEqual([renewed?.id]);
    expect(server.stored.get(item.id)).toBe('something else');
    expect(await outbox.list('kader-1')).toEqual([]);
  });

  it('stops at a 401 without touching the other items, and keeps them all', async () => {
    const server = new FakeServer();
    const outbox = makeOutbox(server);
    await outbox.enqueue(submission());
    clock += 1;
    await outbox.enqueue(submission());
    server.nextProblem = { status: 401, code: 'UNAUTHENTICATED' };

    const report = await outbox.flush('kader-1', { force: true });
    expect(report.authRequired).toBe(true);
    expect(server.posts).toHaveLength(1);
    expect(await outbox.counts('kader-1')).toEqual({ waiting: 2, rejected: 0 });
  });

  it('honours Retry-After when the server is busy', async () => {
    const server = new FakeServer();
    server.nextProblem = { status: 503, code: 'SERVICE_UNAVAILABLE', retryAfter: 120 };
    const outbox = makeOutbox(server);
    await outbox.enqueue(submission());
    await outbox.flush('kader-1', { force: true });
    expect(await outbox.counts('kader-1')).toEqual({ waiting: 1, rejected: 0 });
    expect(await outbox.nextAttemptIn('kader-1')).toBe(120_000);
  });

  it('uploads a photo taken offline before its submission, once, and sends the server file id', async () => {
    const server = new FakeServer();
    const database = await openDatabase();
    const localId = crypto.randomUUID();
    await database.put('files', { id: localId, userId: 'kader-1', blob: new Blob(['jpeg bytes']), name: 'foto.jpg', createdAt: '2026-11-28T01:00:00Z' });
    const outbox = makeOutbox(server);
    const item = await outbox.enqueue(submission({ data: { foto_jamban: localId, catatan: 'ok' } }));

    // The photo goes up, then the connection drops before the submission is sent.
    const failingSend: OutboxTransport = {
      upload: (file) => server.upload(file),
      send: () => Promise.reject(new NetworkError(new TypeError('offline'))),
    };
    await makeOutbox(failingSend).flush('kader-1', { force: true });
    expect(server.uploads).toEqual([localId]);

    await outbox.flush('kader-1', { force: true });
    expect(server.uploads).toEqual([localId]);
    expect(JSON.parse(server.stored.get(item.id) ?? '[]')[3]).toEqual({ foto_jamban: '00000001-0000-4000-8000-000000000000', catatan: 'ok' });
    expect(await database.get('files', localId)).toBeUndefined();
  });

  it('sends an item queued while a run is under way right after that run', async () => {
    const server = new FakeServer();
    let release: () => void = () => undefined;
    let started: () => void = () => undefined;
    const sending = new Promise<void>((resolve) => (started = resolve));
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow: OutboxTransport = {
      upload: (file) => server.upload(file),
      send: async (item) => {
        started();
        await gate;
        return server.send(item);
      },
    };
    const outbox = makeOutbox(slow);
    const early = await outbox.enqueue(submission());
    const running = outbox.flush('kader-1', { force: true });
    await sending;
    const late = await outbox.enqueue(submission());
    const next = outbox.flush('kader-1', { force: true });
    release();
    expect((await running).sent).toEqual([early.id]);
    expect((await next).sent).toEqual([late.id]);
    expect(server.stored.size).toBe(2);
  });

  it('clears only the logged-out user’s items', async () => {
    const outbox = makeOutbox(new FakeServer());
    await outbox.enqueue(submission({ userId: 'kader-1' }));
    await outbox.enqueue(submission({ userId: 'kader-2' }));
    await outbox.clear('kader-1');
    expect(await outbox.list('kader-1')).toEqual([]);
    expect(await outbox.list('kader-2')).toHaveLength(1);
  });

  it('tells subscribers when the queue changes', async () => {
    const outbox = makeOutbox(new FakeServer());
    const listener = jest.fn();
    const unsubscribe = outbox.subscribe(listener);
    await outbox.enqueue(submission());
    expect(listener).toHaveBeenCalled();
    unsubscribe();
    listener.mockClear();
    await outbox.enqueue(submission());
    expect(listener).not.toHaveBeenCalled();
  });
});
