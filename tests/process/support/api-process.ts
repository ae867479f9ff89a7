import { Client } from 'pg';
import { hashPassword } from '../../../server/src/modules/auth/auth.service';
import { makeSubmission, SubmissionBody } from '../../support/submissions';
import { TEST_PASSWORD } from '../../support/test-app';
import { aggregationTheme } from '../../support/themes';
import { sleep } from '../../support/wait';
import { Child, sparePort, spawnEntry } from './processes';

/**
 * The API as `npm run start:api` runs it, as a child process on a spare loopback port, with what a
 * test needs to talk to it over real HTTP.
 */
export interface ApiProcess {
  child: Child;
  port: number;
  http(path: string, init?: RequestInit): Promise<Response>;
  /** `Bearer …` of a real login. */
  login(username: string, password?: string): Promise<string>;
}

export interface ApiProcessSettings {
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
  dataDir: string;
  jwtSecret?: string;
  extra?: Record<string, string>;
}

export const PROCESS_JWT_SECRET = 'j'.repeat(48);

export async function startApiProcess(settings: ApiProcessSettings): Promise<ApiProcess> {
  const port = await sparePort();
  const child = await spawnEntry(
    'server/src/main.ts',
    {
      DATABASE_URL: settings.databaseUrl,
      REDIS_URL: settings.redisUrl,
      REDIS_PREFIX: settings.redisPrefix,
      JWT_SECRET: settings.jwtSecret ?? PROCESS_JWT_SECRET,
      SEED_DEMO: 'false',
      DATA_DIR: settings.dataDir,
      CLIENT_DIR: `${settings.dataDir}/no-client`,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'log',
      ...settings.extra,
    },
    /ready/,
    150_000,
  );
  const http = (path: string, init: RequestInit = {}) => fetch(`http://127.0.0.1:${port}${path}`, init);
  return {
    child,
    port,
    http,
    login: async (username, password = TEST_PASSWORD) => {
      const response = await http('/api/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }) });
      if (response.status !== 200) throw new Error(`login of ${username} answered ${response.status}: ${await response.text()}`);
      return `Bearer ${((await response.json()) as { accessToken: string }).accessToken}`;
    },
  };
}

/** A city-level admin the test logs in as. */
export async function insertAdmin(db: Client, username: string, regionCode: string): Promise<void> {
  await db.query(`INSERT INTO app_user (username, password_hash, display_name, role, region_code) VALUES ($1, $2, 'Admin', 'admin', $3)`, [
    username,
    await hashPassword(TEST_PASSWORD),
    regionCode,
  ]);
}

/** Creates and publishes an `aggregationTheme` through the API. */
export async function publishOverHttp(api: ApiProcess, auth: string, slug: string): Promise<void> {
  const json = { 'Content-Type': 'application/json', Authorization: auth };
  const created = await api.http('/api/themes', { method: 'POST', headers: json, body: JSON.stringify(aggregationTheme(slug)) });
  if (created.status !== 201) throw new Error(`creating ${slug} answered ${created.status}: ${await created.text()}`);
  const published = await api.http(`/api/themes/${slug}/publish`, { method: 'POST', headers: json });
  if (published.status !== 201) throw new Error(`publishing ${slug} answered ${published.status}: ${await published.text()}`);
}

/** One POST of a submission and what the phone would see of its answer. */
export interface SentSubmission {
  body: SubmissionBody;
  status: number;
  contentType: string;
  retryAfter: string | null;
  code: string | null;
  /** A connection refused or reset before any answer. */
  networkError: string | null;
}

export async function sendSubmission(api: ApiProcess, auth: string, slug: string, body: SubmissionBody): Promise<SentSubmission> {
  try {
    const response = await api.http(`/api/themes/${slug}/submissions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: auth },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    let code: string | null = null;
    try {
      code = (JSON.parse(text) as { code?: string }).code ?? null;
    } catch {
      code = null;
    }
    return { body, status: response.status, contentType: response.headers.get('content-type') ?? '', retryAfter: response.headers.get('retry-after'), code, networkError: null };
  } catch (error) {
    return { body, status: 0, contentType: '', retryAfter: null, code: null, networkError: String(error) };
  }
}

/**
 * Phones submitting all the time: `senders` loops, each POSTing a new submission (new UUID) after the
 * answer to its previous one, until `stop()`; every answer is kept.
 */
export function submitContinuously(api: ApiProcess, auth: string, slug: string, regions: string[], senders = 6): { sent: SentSubmission[]; stop(): Promise<void> } {
  const sent: SentSubmission[] = [];
  let sending = true;
  let counter = 0;
  const loops = Array.from({ length: senders }, async () => {
    while (sending) {
      counter++;
      const body = makeSubmission(regions[counter % regions.length], { jumlah: counter % 50, kategori: 'a' }, { period: `2026-11-${String(1 + (counter % 20)).padStart(2, '0')}` });
      const answer = await sendSubmission(api, auth, slug, body);
      sent.push(answer);
      // A refusal comes back at once; a breath before the next keeps the count of them reasonable.
      await sleep(answer.status === 201 ? 5 : 200);
    }
  });
  return {
    sent,
    stop: async () => {
      sending = false;
      await Promise.all(loops);
    },
  };
}

/** What must hold of every answer given while the database was away: a 201, or a 503 RETRYABLE a phone retries. */
export function unexpectedAnswers(sent: SentSubmission[]): string[] {
  return sent
    .filter(
      (s) =>
        s.status !== 201 &&
        !(s.status === 503 && s.code === 'RETRYABLE' && s.contentType.startsWith('application/problem+json') && Number(s.retryAfter) > 0),
    )
    .map((s) => `${s.status} ${s.code ?? ''} ${s.contentType} retry-after=${s.retryAfter ?? ''} ${s.networkError ?? ''}`.trim());
}

/** What a phone does with submissions refused with 503: sends each again (a few at a time); the statuses. */
async function sendAgain(api: ApiProcess, auth: string, slug: string, refused: SentSubmission[]): Promise<number[]> {
  const statuses: number[] = [];
  for (let start = 0; start < refused.length; start += 8) {
    const batch = refused.slice(start, start + 8);
    statuses.push(...(await Promise.all(batch.map(async (item) => (await sendSubmission(api, auth, slug, item.body)).status))));
  }
  return statuses;
}

/** Ids of submissions stored, with whether each has its audit row (both are written by one statement). */
async function storedSubmissions(db: Client, slug: string): Promise<{ ids: Set<string>; withoutAudit: string[] }> {
  const rows = (
    await db.query<{ id: string; audited: boolean }>(
      `SELECT s.id, a.target_id IS NOT NULL AS audited
       FROM submission s JOIN theme t ON t.id = s.theme_id
       LEFT JOIN (SELECT DISTINCT target_id FROM audit_log WHERE action = 'submission.created') a ON a.target_id = s.id::text
       WHERE t.slug = $1`,
      [slug],
    )
  ).rows;
  return { ids: new Set(rows.map((row) => row.id)), withoutAudit: rows.filter((row) => !row.audited).map((row) => row.id) };
}

/**
 * What a database outage must not cost: every submission answered 201 (`sent` before, during and after
 * it; `afterwards`, the ids sent once it was over) is stored, and whole (its audit row went with it);
 * each one refused with 503, sent again as the phone does, is answered 201 — or 200 when it was
 * committed in the instant the connection died — and stored once.
 */
export async function expectNothingLost(api: ApiProcess, auth: string, db: Client, slug: string, sent: SentSubmission[], afterwards: string[]): Promise<void> {
  const accepted = [...sent.filter((s) => s.status === 201).map((s) => s.body.id), ...afterwards];
  const refused = sent.filter((s) => s.status === 503);
  const stored = await storedSubmissions(db, slug);
  for (const id of accepted) expect(stored.ids).toContain(id);
  expect(stored.withoutAudit).toEqual([]);
  expect((await sendAgain(api, auth, slug, refused)).filter((status) => status !== 201 && status !== 200)).toEqual([]);
  expect((await storedSubmissions(db, slug)).ids.size).toBe(accepted.length + refused.length);
}
