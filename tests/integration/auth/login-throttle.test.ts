import { LOGIN_LIMITS, throttleDelaySeconds } from '../../../server/src/modules/auth/auth.service';
import { PasswordHashing } from '../../../server/src/modules/auth/password-hashing';
import { createTestApp, TEST_PASSWORD, TestApp } from '../../support/test-app';
import { expectProblem } from '../../support/problem';
import { MARGOREJO, REJOMULYO } from '../../support/regions';

jest.setTimeout(180_000);

/**
 * Throttling must slow a guesser down without handing them a way to lock someone out: failures count
 * per (username, address), each further attempt waits longer, and the owner at another address is
 * not affected. The app trusts loopback as a proxy, so each request names its client address.
 */
describe('login throttling by username and address', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ TRUST_PROXY: 'loopback', PASSWORD_HASH_CONCURRENCY: '1' });
  });
  afterAll(() => t.close());

  const ATTACKER = '127.0.0.66';
  const OWNER = '127.0.0.20';
  const login = (username: string, password: string, from: string) => t.http().post('/api/auth/login').set('X-Forwarded-For', from).send({ username, password });
  /** As if `seconds` had passed since every failure recorded so far. */
  const later = (seconds: number) => t.db.query(`UPDATE login_failure SET at = at - $1::interval`, [`${seconds} seconds`]);

  it('lets the owner in from their own address while a guesser elsewhere keeps failing', async () => {
    const user = await t.makeUser('kader', REJOMULYO);
    for (let i = 0; i < LOGIN_LIMITS.perUsername + 1; i++) {
      const answer = await login(user.username, `tebakan-${i}`, ATTACKER);
      expect([401, 429]).toContain(answer.status);
    }
    expectProblem(await login(user.username, TEST_PASSWORD, ATTACKER), 429, 'TOO_MANY_ATTEMPTS');
    await login(user.username, TEST_PASSWORD, OWNER).expect(200);
  });

  it('spaces out the guesses of one address: each further failure doubles the wait (Retry-After)', async () => {
    const user = await t.makeUser('kader', MARGOREJO);
    for (let i = 0; i < LOGIN_LIMITS.perUsername; i++) expectProblem(await login(user.username, `tebakan-${i}`, ATTACKER), 401, 'INVALID_CREDENTIALS');
    const waits: number[] = [];
    for (let round = 0; round < 3; round++) {
      const throttled = await login(user.username, TEST_PASSWORD, ATTACKER);
      expectProblem(throttled, 429, 'TOO_MANY_ATTEMPTS');
      waits.push(Number(throttled.headers['retry-after']));
      await later(waits[round] + 1);
      expectProblem(await login(user.username, `tebakan-lagi-${round}`, ATTACKER), 401, 'INVALID_CREDENTIALS');
    }
    const expected = [0, 1, 2].map((extra) => throttleDelaySeconds(LOGIN_LIMITS.perUsername + extra, LOGIN_LIMITS.perUsername));
    expect(expected).toEqual([30, 60, 120]);
    // Each wait is the earned delay less the second or so the request took.
    waits.forEach((wait, index) => {
      expect(wait).toBeLessThanOrEqual(expected[index]);
      expect(wait).toBeGreaterThan(expected[index] - 10);
    });
    // Once the wait has passed, the right password works from that address too.
    await later(LOGIN_LIMITS.maxDelaySeconds);
    await login(user.username, TEST_PASSWORD, ATTACKER).expect(200);
  });

  it('answers 503 RETRYABLE with Retry-After when every password-hashing slot and the queue behind it are taken', async () => {
    const user = await t.makeUser('kader', REJOMULYO);
    const hashing = t.app.get(PasswordHashing);
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    // PASSWORD_HASH_CONCURRENCY=1: one slot, and eight may wait behind it.
    const blockers = Array.from({ length: 9 }, () => hashing.run(() => held));
    const busy = await login(user.username, TEST_PASSWORD, OWNER);
    expectProblem(busy, 503, 'RETRYABLE');
    expect(Number(busy.headers['retry-after'])).toBeGreaterThan(0);
    // A refused attempt is not counted as a failure.
    const [{ failures }] = (await t.db.query(`SELECT count(*)::int AS failures FROM login_failure WHERE username = $1`, [user.username])) as { failures: number }[];
    expect(failures).toBe(0);
    release();
    await Promise.all(blockers);
    await login(user.username, TEST_PASSWORD, OWNER).expect(200);
  });
});
