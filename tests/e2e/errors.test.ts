import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { ACCESS_POLICY } from '../../server/src/modules/auth/access-policy';
import { createTestApp, TEST_PASSWORD, TestApp } from '../support/test-app';
import { expectProblem } from '../support/problem';
import { KOTA_METRO, LAMPUNG, METRO_TIMUR, REJOMULYO } from '../support/regions';
import { tokenBody } from '../support/tokens';

const MIB = 1024 * 1024;
const nested = (depth: number) => '{"a":'.repeat(depth - 1) + '{}' + '}'.repeat(depth - 1);

describe('errors are problem+json with stable codes', () => {
  let t: TestApp;
  let admin: { user: { id: string; username: string }; auth: string };
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.as('admin', KOTA_METRO);
  });
  afterAll(() => t.close());

  const postJson = (path: string, text: string, auth?: string) => {
    const request = t.http().post(path).set('Content-Type', 'application/json');
    return (auth ? request.set('Authorization', auth) : request).send(text);
  };

  it('answers 400 UNKNOWN_PROPERTY naming the unknown field', async () => {
    const problem = expectProblem(await t.http().post('/api/auth/login').send({ username: 'admin', password: 'x', bonus: true }), 400, 'UNKNOWN_PROPERTY');
    expect(problem.errors).toEqual([{ path: '/bonus', keyword: 'additionalProperties', message: expect.any(String) }]);
  });

  it('answers 400 with errors for wrong types, naming each field', async () => {
    const problem = expectProblem(await t.http().post('/api/auth/login').send({ username: 12345, password: ['a'] }), 400, 'INVALID_REQUEST');
    expect(new Set(problem.errors?.map((e) => e.path))).toEqual(new Set(['/username', '/password']));
    for (const error of problem.errors ?? []) expect(error).toEqual({ path: expect.any(String), keyword: expect.any(String), message: expect.any(String) });
  });

  it('answers 413 PAYLOAD_TOO_LARGE above 1 MiB, and reads a body just under it', async () => {
    const over = JSON.stringify({ username: 'admin', password: 'x'.repeat(MIB) });
    expectProblem(await postJson('/api/auth/login', over), 413, 'PAYLOAD_TOO_LARGE');
    const under = JSON.stringify({ username: 'admin', password: 'x'.repeat(MIB - 100) });
    expect(Buffer.byteLength(under)).toBeLessThan(MIB);
    const problem = expectProblem(await postJson('/api/auth/login', under), 400, 'INVALID_REQUEST');
    expect(problem.errors?.map((e) => e.path)).toEqual(['/password']);
  });

  it('answers 400 JSON_TOO_DEEP past 64 levels, and accepts 64', async () => {
    expectProblem(await postJson('/api/auth/login', nested(65)), 400, 'JSON_TOO_DEEP');
    expectProblem(await postJson('/api/auth/login', `{"username":"a","password":"b","extra":${'['.repeat(64)}${']'.repeat(64)}}`), 400, 'JSON_TOO_DEEP');
    // 64 levels parse; the body is then refused for what it is, not for its depth.
    expectProblem(await postJson('/api/auth/login', nested(64)), 400, 'UNKNOWN_PROPERTY');
  });

  it.each(['{"username": "admin",', "{'username': 'admin'}", '{"username":"admin",}', 'username=admin', '\u00ff\u00fe{}', '{"a":1}{"b":2}'])(
    'answers 400 MALFORMED_JSON for %p',
    async (text) => {
      expectProblem(await postJson('/api/auth/login', text), 400, 'MALFORMED_JSON');
    },
  );

  it.each([
    ['__proto__ at the top', '{"__proto__":{"role":"admin"},"username":"a","password":"b"}'],
    ['__proto__ nested', '{"username":"a","password":"b","x":{"y":[{"__proto__":{"polluted":1}}]}}'],
    ['constructor', '{"constructor":{"prototype":{"polluted":1}},"username":"a","password":"b"}'],
    ['prototype', '{"prototype":1,"username":"a","password":"b"}'],
  ])('answers 400 FORBIDDEN_KEY for %s, and pollutes nothing', async (_label, text) => {
    expectProblem(await postJson('/api/auth/login', text), 400, 'FORBIDDEN_KEY');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).role).toBeUndefined();
  });

  it('answers 400 INVALID_TEXT for text PostgreSQL cannot store (NUL, unpaired surrogates), in a body or a URL', async () => {
    expectProblem(await postJson('/api/auth/login', '{"username":"ad\\u0000min","password":"x"}'), 400, 'INVALID_TEXT');
    expectProblem(await postJson('/api/regions', `{"name":"\\ud800","level":"rw","parentCode":"${REJOMULYO}"}`, admin.auth), 400, 'INVALID_TEXT');
    expectProblem(await t.http().get(`/api/regions?parent=${LAMPUNG}%00`).set('Authorization', admin.auth), 400, 'INVALID_TEXT');
    expectProblem(await t.http().get(`/api/regions/${KOTA_METRO}%00`).set('Authorization', admin.auth), 400, 'INVALID_TEXT');
  });

  it('answers 404 NOT_FOUND for an unknown route, whatever the method', async () => {
    expectProblem(await t.http().get('/api/tidak-ada'), 404, 'NOT_FOUND');
    expectProblem(await t.http().post('/api/tidak-ada').send({}), 404, 'NOT_FOUND');
    expectProblem(await t.http().put('/api/users').set('Authorization', admin.auth).send({}), 404, 'NOT_FOUND');
    expectProblem(await t.http().get(`/api/regions/${LAMPUNG}/extra/segments`).set('Authorization', admin.auth), 404, 'NOT_FOUND');
  });

  it('answers 401 UNAUTHENTICATED without a token', async () => {
    expectProblem(await t.http().get('/api/auth/me'), 401, 'UNAUTHENTICATED');
    expectProblem(await t.http().post('/api/users').send({}), 401, 'UNAUTHENTICATED');
  });

  it('answers 400 for a path parameter that does not decode', async () => {
    expectProblem(await t.http().get('/api/regions/%E0%A4%A').set('Authorization', admin.auth), 400);
    expectProblem(await t.http().get('/api/users/%zz').set('Authorization', admin.auth), 400);
  });

  it('answers 415 for a body encoding it cannot read', async () => {
    expectProblem(await t.http().post('/api/auth/login').set('Content-Type', 'application/json').set('Content-Encoding', 'compress-9').send('{}'), 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  describe('fuzz: garbage against every route never answers 500', () => {
    /** Deterministic, so a failure names a request that reproduces. */
    function prng(seed: number): () => number {
      let a = seed >>> 0;
      return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let r = Math.imul(a ^ (a >>> 15), 1 | a);
        r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
        return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
      };
    }

    const FIELD_NAMES = ['username', 'password', 'displayName', 'role', 'regionCode', 'disabled', 'name', 'level', 'parentCode', 'expiresAt', 'id', 'data', 'status', 'comment', 'period', 'version', 'slug', 'schema', '', ' ', 'x'.repeat(300), 'ü', '0', '$ref', 'toString', 'hasOwnProperty', '__proto__x'];
    const STRINGS = ['', ' ', 'admin', 'kader', 'opd', 'rw', 'rt', 'dasawisma', 'kelurahan', KOTA_METRO, REJOMULYO, LAMPUNG, '18.72.99', '..', '../../etc/passwd', "' OR 1=1 --", '%', '%00', '\\', '"', '💥', 'é'.repeat(5000), '\u202e', '\t\n\r', 'null', 'true', '1e309', '2026-11-28', 'P1D', randomUUID(), '00000000-0000-0000-0000-000000000000', '9'.repeat(40), '<script>alert(1)</script>', 'approved', 'rejected', 'covid-harian', 'a\u0000b', '\ud800', 'x\udc00'];
    const NUMBERS = [0, -1, 1, 1.5, 2 ** 31, 2 ** 53 + 2, -(2 ** 63), 1e308, Number.MIN_VALUE];
    const QUERY_KEYS = ['region', 'parent', 'limit', 'cursor', 'action', 'period', 'mine', 'test', 'measure', 'x', 'region[]', 'region[a]', 'limit[0]'];
    const QUERY_VALUES = ['', KOTA_METRO, LAMPUNG, METRO_TIMUR, REJOMULYO, '0', '1', '1000', '1001', '-5', 'abc', 'YWJj', '!!', '%', '%zz', '%E0%A4%A', '%ff%fe', '%2e%2e', 'true', '9'.repeat(30), encodeURIComponent('é'.repeat(50))];
    const PARAMS = () => [admin.user.id, randomUUID(), REJOMULYO, KOTA_METRO, 'covid-harian', '1', '0', '-1', '99999999999', 'abc', '%zz', '%E0%A4%A', '..', '%2e%2e', encodeURIComponent('💥'), 'a'.repeat(300), encodeURIComponent("'; DROP TABLE app_user; --")];
    const CONTENT_TYPES = ['application/json', 'application/json; charset=utf-8', 'application/json; charset=latin1', 'application/json; charset=utf-16', 'application/merge-patch+json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=zz', 'multipart/form-data', 'application/xml', 'application/octet-stream', null];

    function fuzzRequests(seed: number, count: number, tokens: Record<string, string | null>) {
      const random = prng(seed);
      const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
      const value = (depth: number): unknown => {
        const kind = random();
        if (depth > 3 || kind < 0.35) return pick(STRINGS);
        if (kind < 0.5) return pick(NUMBERS);
        if (kind < 0.6) return pick([true, false, null]);
        if (kind < 0.8) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
        return object(depth + 1);
      };
      const object = (depth: number): Record<string, unknown> =>
        Object.fromEntries(Array.from({ length: Math.floor(random() * 6) }, () => [pick(FIELD_NAMES), value(depth)]));
      const body = (): string | Buffer | undefined => {
        const kind = random();
        if (kind < 0.45) return JSON.stringify(object(0));
        if (kind < 0.55) return JSON.stringify(value(0));
        if (kind < 0.65) return Buffer.from(Array.from({ length: Math.floor(random() * 200) }, () => Math.floor(random() * 256)));
        if (kind < 0.72) return JSON.stringify(object(0)).slice(0, Math.floor(random() * 40));
        if (kind < 0.78) return `{"username":"${pick(STRINGS).replace(/["\\]/g, '')}","password":"${pick(STRINGS).replace(/["\\]/g, '')}"}`;
        if (kind < 0.82) return '\uFEFF' + JSON.stringify(object(0));
        if (kind < 0.86) return '['.repeat(30 + Math.floor(random() * 60)) + ']'.repeat(30 + Math.floor(random() * 60));
        if (kind < 0.9) return `{"a":"\\u${Math.floor(random() * 0xffff).toString(16).padStart(4, '0')}"}`;
        return undefined;
      };
      const query = (): string => {
        const parts = Array.from({ length: Math.floor(random() * 4) }, () => `${pick(QUERY_KEYS)}=${pick(QUERY_VALUES)}`);
        if (random() < 0.1) parts.push(pick(['&&&', '=', '==x', 'region', '&region=']));
        return parts.length ? `?${parts.join('&')}` : '';
      };
      const routes = Object.keys(ACCESS_POLICY);
      const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
      return Array.from({ length: count }, () => {
        const [policyMethod, template] = pick(routes).split(' ');
        const method = random() < 0.9 ? policyMethod : pick(methods);
        const params = PARAMS();
        const path = template.replace(/:[a-zA-Z]+/g, () => pick(params)) + query();
        return { method, path, contentType: pick(CONTENT_TYPES), body: method === 'GET' || method === 'DELETE' ? (random() < 0.2 ? body() : undefined) : body(), token: pick(Object.keys(tokens)) };
      });
    }

    it('answers every one of 400 garbage requests below 500, and every error as problem+json', async () => {
      const kader = await t.as('kader', REJOMULYO);
      const opdToken = (await t.http().post('/api/tokens').set('Authorization', (await t.as('opd', KOTA_METRO)).auth).send(tokenBody('fuzz', ['aggregates:read', 'exports'])).expect(201)).body.token as string;
      const tokens: Record<string, string | null> = {
        none: null,
        admin: admin.auth,
        kader: kader.auth,
        opdApiToken: `Bearer ${opdToken}`,
        garbage: 'Bearer eyJhbGciOiJub25lIn0.e30.',
        basic: 'Basic YWRtaW46YWRtaW4=',
      };
      const failures: string[] = [];
      for (const seed of [1, 2, 3, 4]) {
        for (const request of fuzzRequests(seed, 100, tokens)) {
          let call = t.http()[request.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](request.path);
          const token = tokens[request.token];
          if (token) call = call.set('Authorization', token);
          if (request.contentType) call = call.set('Content-Type', request.contentType);
          let response: Response;
          try {
            response = await (request.body === undefined ? call : call.send(request.body));
          } catch (error) {
            failures.push(`seed ${seed}: ${request.method} ${request.path} (${request.contentType}) → no answer: ${String(error)}`);
            continue;
          }
          const describe = `seed ${seed}: ${request.method} ${request.path} as ${request.token} (${request.contentType}) body ${String(request.body).slice(0, 120)} → ${response.status} ${response.text?.slice(0, 200)}`;
          if (response.status >= 500) failures.push(describe);
          else if (response.status >= 400 && !/^application\/problem\+json/.test(response.headers['content-type'] ?? '')) failures.push(`not problem+json: ${describe}`);
          else if (response.status >= 400 && !/^[A-Z][A-Z0-9_]*$/.test(String(JSON.parse(response.text).code))) failures.push(`no code: ${describe}`);
        }
      }
      expect(failures).toEqual([]);
      // The API is still healthy and the admin can still work afterwards.
      await t.http().get('/api/health').expect(200);
      await t.http().post('/api/auth/login').send({ username: admin.user.username, password: TEST_PASSWORD }).expect((r) => expect([200, 429]).toContain(r.status));
    }, 300_000);
  });
});
