import type { ExecutionContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { registeredRoutes } from '../../../server/src/api';
import { ACCESS_POLICY, RoutePolicy } from '../../../server/src/modules/auth/access-policy';
import { AccessGuard } from '../../../server/src/modules/auth/access.guard';
import { AuthService } from '../../../server/src/modules/auth/auth.service';
import { TokensService } from '../../../server/src/modules/auth/tokens.service';
import type { ThemeDefinition } from '../../../schemas/theme-definition';
import type { Role, User } from '../../../server/src/modules/users/user.entity';
import { createTestApp, TEST_PASSWORD, TestApp } from '../../support/test-app';
import { expectProblem } from '../../support/problem';
import { makeSubmission, postSubmission } from '../../support/submissions';
import { loadBuiltIn } from '../../support/themes';
import { KOTA_METRO, MARGOREJO, METRO_SELATAN, METRO_TIMUR, REJOMULYO, REJOMULYO_RW_01_RT_01, SUMBERSARI_BANTUL } from '../../support/regions';
import { tokenBody } from '../../support/tokens';
import { BALITA_XLSFORM, xlsformFile } from '../../support/xlsforms';

/**
 * The authz matrix: every entry of ACCESS_POLICY × every role (and no token) × the region relation
 * of the request to the caller's region. It walks the policy table, so a new route is covered as
 * soon as it has an entry and an example below — and a route or entry without one fails here.
 */

/** Every caller sits in Metro Selatan, so each relation has a real region on both sides. */
const CALLER_REGION = METRO_SELATAN;
const RELATIONS = {
  own: METRO_SELATAN,
  child: REJOMULYO,
  sibling: METRO_TIMUR,
  parent: KOTA_METRO,
} as const;
type Relation = keyof typeof RELATIONS;
const IN_SCOPE: Relation[] = ['own', 'child'];
const OUT_OF_SCOPE: Relation[] = ['sibling', 'parent'];
const CALLERS = ['admin', 'kader', 'opd', 'anonymous'] as const;
type Caller = (typeof CALLERS)[number];

/** Swagger's own routes: read-only documentation outside the guard, public by design. */
const DOCUMENTATION_ROUTE = /^GET \/api\/docs(-json|-yaml|\/.*)?$/;

interface ExampleRequest {
  /** Path with parameters filled in, query string included. */
  path: string;
  body?: unknown;
  attach?: { field: string; file: Buffer; filename: string };
  /** A login of the caller to use instead of theirs, for a call that ends the login it comes with. */
  auth?: string;
}

interface ExampleContext {
  t: TestApp;
  caller: User | null;
  /** The region the request names (for entries with a region rule), else the caller's own. */
  region: string;
  fixtures: Fixtures;
}

interface Example {
  build(context: ExampleContext): ExampleRequest | Promise<ExampleRequest>;
  /** The exact status a permitted, in-scope call answers, where the example makes it certain. */
  ok?: Partial<Record<Relation, number>>;
}

interface Fixtures {
  /** A kader inside the callers' subtree, for the user routes. */
  targetUserId: string;
  /** A submission at 18.72.05.1001.001.001 (an RT of Rejomulyo), inside the callers' subtree. */
  submissionId: string;
  loginUser: User;
}

let sequence = 0;
const next = () => `${++sequence}.${process.pid}`;

const COVID_DATA = { suspek: 0, konfirmasi_baru: 1, sembuh: 0, meninggal: 0, isolasi_mandiri: 2 };
const themeDefinition = (slug: string): ThemeDefinition => ({ ...loadBuiltIn('covid-harian'), slug });
// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

const EXAMPLES: Record<string, Example> = {
  'GET /api/health': { build: () => ({ path: '/api/health' }), ok: { own: 200 } },
  'POST /api/auth/login': {
    build: ({ fixtures }) => ({ path: '/api/auth/login', body: { username: fixtures.loginUser.username, password: TEST_PASSWORD } }),
    ok: { own: 200 },
  },
  'GET /api/auth/me': { build: () => ({ path: '/api/auth/me' }), ok: { own: 200 } },
  'POST /api/auth/logout': {
    build: async ({ t, caller }) => ({ path: '/api/auth/logout', auth: caller ? await t.login(caller) : undefined }),
    ok: { own: 204 },
  },
  'PATCH /api/auth/me': { build: () => ({ path: '/api/auth/me', body: { displayName: 'Matriks' } }), ok: { own: 200 } },

  'GET /api/users': { build: ({ region }) => ({ path: `/api/users?region=${region}` }), ok: { own: 200, child: 200 } },
  'POST /api/users': {
    build: ({ region }) => ({
      path: '/api/users',
      body: { username: `matriks.${next()}`, password: 'kata-sandi-matriks', displayName: 'Matriks', role: 'kader', regionCode: region },
    }),
    ok: { own: 201, child: 201 },
  },
  'POST /api/users/bulk': {
    build: ({ region }) => ({ path: '/api/users/bulk', body: { rows: [{ username: `massal.${next()}`, displayName: 'Matriks', role: 'kader', regionCode: region }] } }),
    ok: { own: 201 },
  },
  'GET /api/users/:id': { build: ({ fixtures }) => ({ path: `/api/users/${fixtures.targetUserId}` }), ok: { own: 200 } },
  'POST /api/users/:id/reset-password': { build: ({ fixtures }) => ({ path: `/api/users/${fixtures.targetUserId}/reset-password` }), ok: { own: 200 } },
  'PATCH /api/users/:id': {
    build: ({ fixtures, region }) => ({ path: `/api/users/${fixtures.targetUserId}`, body: { regionCode: region } }),
    ok: { own: 200, child: 200 },
  },

  'GET /api/tokens': { build: () => ({ path: '/api/tokens' }), ok: { own: 200 } },
  'POST /api/tokens': { build: () => ({ path: '/api/tokens', body: tokenBody(`matriks ${next()}`, ['aggregates:read']) }), ok: { own: 201 } },
  'DELETE /api/tokens/:id': {
    // The caller's own token, so a permitted call really revokes something.
    build: async ({ t, caller }) => ({ path: `/api/tokens/${caller ? (await t.app.get(TokensService).create(caller, tokenBody('matriks', ['aggregates:read']))).id : randomUUID()}` }),
    ok: { own: 204 },
  },

  'GET /api/regions': { build: ({ region }) => ({ path: `/api/regions?parent=${region}` }), ok: { own: 200 } },
  'GET /api/regions/:code': { build: ({ region }) => ({ path: `/api/regions/${region}` }), ok: { own: 200 } },
  'POST /api/regions': {
    build: ({ region }) => ({ path: '/api/regions', body: { name: `RW ${next()}`, level: 'rw', parentCode: region } }),
    // Own is the kecamatan: an RW belongs under a kelurahan, so the service (not the guard) refuses it.
    ok: { own: 400, child: 201 },
  },
  'POST /api/regions/bulk': {
    build: ({ region }) => ({ path: '/api/regions/bulk', body: { parentCode: region, rows: [{ name: `RW ${next()}`, level: 'rw' }] } }),
    // As above: RW rows under the kecamatan itself are refused by the service.
    ok: { own: 400, child: 201 },
  },

  'GET /api/themes': { build: () => ({ path: '/api/themes' }), ok: { own: 200 } },
  'GET /api/themes/definition-schema': { build: () => ({ path: '/api/themes/definition-schema' }), ok: { own: 200 } },
  'POST /api/themes': { build: () => ({ path: '/api/themes', body: themeDefinition(`matriks-${next().replace('.', '-')}`) }) },
  'POST /api/themes/import/xlsform': {
    build: async () => ({ path: '/api/themes/import/xlsform', attach: { field: 'file', file: await xlsformFile(BALITA_XLSFORM), filename: 'balita.xlsx' } }),
    ok: { own: 201 },
  },
  'PUT /api/themes/:slug/draft': { build: () => ({ path: '/api/themes/covid-harian/draft', body: themeDefinition('covid-harian') }) },
  'POST /api/themes/:slug/publish': { build: () => ({ path: '/api/themes/covid-harian/publish' }) },
  'GET /api/themes/:slug/draft/diff': { build: () => ({ path: '/api/themes/covid-harian/draft/diff' }) },
  'POST /api/themes/:slug/draft/test-submissions': {
    build: () => ({ path: '/api/themes/covid-harian/draft/test-submissions', body: { id: randomUUID(), data: COVID_DATA } }),
  },
  'GET /api/themes/:slug': { build: () => ({ path: '/api/themes/covid-harian' }), ok: { own: 200 } },
  'GET /api/themes/:slug/versions/:version': { build: () => ({ path: '/api/themes/covid-harian/versions/1' }), ok: { own: 200 } },
  'GET /api/themes/:slug/versions/:version/types.ts': { build: () => ({ path: '/api/themes/covid-harian/versions/1/types.ts' }), ok: { own: 200 } },
  'GET /api/themes/:slug/versions/:version/validator.js': { build: () => ({ path: '/api/themes/covid-harian/versions/1/validator.js' }), ok: { own: 200 } },
  'POST /api/themes/:slug/submissions': {
    // covid-harian is filled per RT: the kelurahan's RT 01 of RW 01 for the child; the kecamatan itself is in scope but the wrong level.
    build: ({ region }) => ({ path: '/api/themes/covid-harian/submissions', body: makeSubmission(region === REJOMULYO ? REJOMULYO_RW_01_RT_01 : region, COVID_DATA) }),
    ok: { own: 422, child: 201 },
  },
  'GET /api/themes/:slug/submissions': { build: ({ region }) => ({ path: `/api/themes/covid-harian/submissions?region=${region}` }), ok: { own: 200, child: 200 } },
  'GET /api/submissions': { build: ({ region }) => ({ path: `/api/submissions?region=${region}` }), ok: { own: 200, child: 200 } },
  'GET /api/submissions/:id': { build: ({ fixtures }) => ({ path: `/api/submissions/${fixtures.submissionId}` }), ok: { own: 200 } },
  'POST /api/submissions/:id/review': { build: ({ fixtures }) => ({ path: `/api/submissions/${fixtures.submissionId}/review`, body: { status: 'approved' } }), ok: { own: 200 } },
  'POST /api/files': { build: () => ({ path: '/api/files', attach: { field: 'file', file: PNG, filename: 'foto.png' } }), ok: { own: 201 } },
  'GET /api/files/:id': { build: () => ({ path: `/api/files/${randomUUID()}` }) },

  'GET /api/audit': { build: ({ region }) => ({ path: `/api/audit?region=${region}` }), ok: { own: 200, child: 200 } },
  'GET /api/audit/actions': { build: () => ({ path: '/api/audit/actions' }), ok: { own: 200 } },

  'GET /api/themes/:slug/aggregates': { build: ({ region }) => ({ path: `/api/themes/covid-harian/aggregates?region=${region}` }) },
  'GET /api/themes/:slug/aggregates.csv': { build: ({ region }) => ({ path: `/api/themes/covid-harian/aggregates.csv?region=${region}` }), ok: { own: 200, child: 200 } },
  'GET /api/themes/:slug/aggregates.xlsx': { build: ({ region }) => ({ path: `/api/themes/covid-harian/aggregates.xlsx?region=${region}` }), ok: { own: 200, child: 200 } },
  'GET /api/themes/:slug/aggregates/explain': {
    build: ({ region }) => ({ path: `/api/themes/covid-harian/aggregates/explain?measure=konfirmasi_baru&region=${region}&periodKey=2026-11` }),
    ok: { own: 200, child: 200 },
  },
  'POST /api/themes/:slug/aggregates/recompute': { build: () => ({ path: '/api/themes/covid-harian/aggregates/recompute' }) },
  'POST /api/exports': { build: () => ({ path: '/api/exports', body: { theme: 'covid-harian', kind: 'aggregates', format: 'csv' } }), ok: { own: 202 } },
  'GET /api/exports': { build: () => ({ path: '/api/exports' }) },
  'GET /api/exports/:id': { build: () => ({ path: `/api/exports/${randomUUID()}` }), ok: { own: 404 } },
  'GET /api/exports/:id/file': { build: () => ({ path: `/api/exports/${randomUUID()}/file` }), ok: { own: 404 } },
  'GET /api/themes/:slug/completeness': { build: ({ region }) => ({ path: `/api/themes/covid-harian/completeness?region=${region}` }) },
  'GET /api/themes/:slug/completeness/history': { build: ({ region }) => ({ path: `/api/themes/covid-harian/completeness/history?region=${region}` }) },
  'GET /api/themes/:slug/import-template.xlsx': { build: () => ({ path: '/api/themes/covid-harian/import-template.xlsx' }), ok: { own: 200 } },
  'POST /api/themes/:slug/imports': {
    build: () => ({ path: '/api/themes/covid-harian/imports', attach: { field: 'file', file: Buffer.from('Kode wilayah;Periode\n'), filename: 'impor.csv' } }),
    ok: { own: 202 },
  },
  'GET /api/imports/:id': { build: () => ({ path: `/api/imports/${randomUUID()}` }), ok: { own: 404 } },
  'POST /api/themes/:slug/reminders/:key/run': { build: () => ({ path: '/api/themes/covid-harian/reminders/kader-pagi/run' }) },
  'GET /api/alerts': { build: () => ({ path: '/api/alerts?status=open' }), ok: { own: 200 } },
  'POST /api/alerts/:id/acknowledge': { build: () => ({ path: `/api/alerts/${randomUUID()}/acknowledge`, body: { comment: 'matriks' } }) },
  'GET /api/notifications': { build: () => ({ path: '/api/notifications' }), ok: { own: 200 } },
  'GET /api/notifications/contact': { build: () => ({ path: '/api/notifications/contact' }), ok: { own: 200 } },
  'PUT /api/notifications/contact': { build: () => ({ path: '/api/notifications/contact', body: { email: 'matriks@example.org' } }), ok: { own: 200 } },
  'POST /api/notifications/:id/read': { build: () => ({ path: `/api/notifications/${randomUUID()}/read` }) },
  'POST /api/notifications/deliveries/redeliver': { build: () => ({ path: '/api/notifications/deliveries/redeliver' }), ok: { own: 202 } },
  'POST /api/themes/:slug/webhooks': {
    build: () => ({ path: '/api/themes/covid-harian/webhooks', body: { url: 'https://opd.example/hooks/matriks', events: ['submission.created'] } }),
  },
  'GET /api/themes/:slug/webhooks': { build: () => ({ path: '/api/themes/covid-harian/webhooks' }) },
  'DELETE /api/webhooks/:id': { build: () => ({ path: `/api/webhooks/${randomUUID()}` }) },
  'GET /api/webhooks/:id/deliveries': { build: () => ({ path: `/api/webhooks/${randomUUID()}/deliveries` }) },
  'POST /api/webhooks/:id/deliveries/:deliveryId/redeliver': { build: () => ({ path: `/api/webhooks/${randomUUID()}/deliveries/${randomUUID()}/redeliver` }) },
  'GET /api/queues': { build: () => ({ path: '/api/queues' }) },
  'POST /api/queues/session': { build: () => ({ path: '/api/queues/session' }) },
  'POST /api/queues': { build: () => ({ path: '/api/queues' }) },
  'PUT /api/queues': { build: () => ({ path: '/api/queues' }) },
  'PATCH /api/queues': { build: () => ({ path: '/api/queues' }) },
};

/**
 * `METHOD /path` of every API route Fastify ended up with (Nest's controllers and anything else).
 * The queue dashboard's own pages and calls below /api/queues/ sit behind its guard, which its one
 * entry (GET /api/queues) covers.
 */
function apiRoutes(t: TestApp): string[] {
  return registeredRoutes(t.app).filter((route) => / \/api(\/|$)/.test(route) && !/^[A-Z]+ \/api\/queues\//.test(route));
}

describe('authz matrix', () => {
  let t: TestApp;
  const callers: Partial<Record<Role, { user: User; auth: string }>> = {};
  let fixtures: Fixtures;

  beforeAll(async () => {
    t = await createTestApp();
    for (const role of ['admin', 'kader', 'opd'] as const) callers[role] = await t.as(role, CALLER_REGION);
    const kota = await t.as('admin', KOTA_METRO);
    const submission = await postSubmission(t, kota.auth, 'covid-harian', makeSubmission(REJOMULYO_RW_01_RT_01, COVID_DATA));
    if (submission.status !== 201) throw new Error(`fixture submission: ${submission.status} ${submission.text}`);
    fixtures = {
      targetUserId: (await t.makeUser('kader', MARGOREJO)).id,
      submissionId: submission.body.id as string,
      loginUser: await t.makeUser('kader', SUMBERSARI_BANTUL),
    };
  });
  afterAll(() => t.close());

  async function call(key: string, caller: Caller, relation: Relation): Promise<Response> {
    const [method, routePath] = key.split(' ');
    const user = caller === 'anonymous' ? null : callers[caller]!.user;
    const example = await EXAMPLES[key].build({ t, caller: user, region: RELATIONS[relation], fixtures });
    expect(routePath.split('/').length).toBe(example.path.split('?')[0].split('/').length);
    let request = t.http()[method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](example.path);
    if (caller !== 'anonymous') request = request.set('Authorization', example.auth ?? callers[caller]!.auth);
    if (example.attach) return request.attach(example.attach.field, example.attach.file, example.attach.filename);
    return example.body === undefined ? request : request.send(example.body as object);
  }

  it('has a policy entry for every route the app serves', () => {
    const routes = apiRoutes(t);
    const endpoints = [...new Set(routes.filter((route) => !DOCUMENTATION_ROUTE.test(route)))];
    expect(endpoints.length).toBeGreaterThan(10);
    expect(endpoints.filter((route) => !(route in ACCESS_POLICY))).toEqual([]);
    expect(routes.filter((route) => DOCUMENTATION_ROUTE.test(route)).length).toBeGreaterThan(0);
  });

  it('has a real endpoint behind every policy entry', async () => {
    const routes = new Set(apiRoutes(t));
    // Entries that are not Nest routes (a plugin mounted on a path, like the queue dashboard)
    // must still be served: something other than the 404 for an unknown route answers them.
    const unserved: string[] = [];
    for (const key of Object.keys(ACCESS_POLICY).filter((entry) => !routes.has(entry))) {
      const response = await call(key, 'anonymous', 'own');
      if (response.status === 404 && /^Cannot /.test(String(response.body?.detail))) unserved.push(key);
    }
    expect(unserved).toEqual([]);
  });

  it('has an example request for every policy entry (add one here with each new route)', () => {
    const missing = Object.keys(ACCESS_POLICY).filter((key) => !(key in EXAMPLES));
    const stale = Object.keys(EXAMPLES).filter((key) => !(key in ACCESS_POLICY));
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
  });

  it('refuses a route missing from the policy (deny by default)', async () => {
    const guard = new AccessGuard(t.app.get(AuthService));
    const request = { method: 'GET', routeOptions: { url: '/api/not-in-the-policy' }, url: '/api/not-in-the-policy', headers: { authorization: callers.admin!.auth } };
    const context = { getType: () => 'http', switchToHttp: () => ({ getRequest: () => request }) } as unknown as ExecutionContext;
    await expect(guard.canActivate(context)).rejects.toMatchObject({ status: 403, code: 'FORBIDDEN' });
  });

  describe.each(Object.entries(ACCESS_POLICY) as [string, RoutePolicy][])('%s', (key, policy) => {
    const relations: Relation[] = policy.region ? [...IN_SCOPE, ...OUT_OF_SCOPE] : ['own'];

    it.each(CALLERS)('as %s', async (caller) => {
      if (!(key in EXAMPLES)) throw new Error(`no example for ${key}: add one to EXAMPLES`);
      for (const relation of relations) {
        const response = await call(key, caller, relation);
        const label = `${key} as ${caller}, ${relation} region → ${response.status} ${response.text.slice(0, 300)}`;
        expect({ label, serverError: response.status >= 500 }).toEqual({ label, serverError: false });

        if (policy.roles === 'public') {
          expect({ label, status: response.status }).toEqual({ label, status: EXAMPLES[key].ok?.[relation] ?? expect.any(Number) });
          expect([401, 403]).not.toContain(response.status);
        } else if (caller === 'anonymous') {
          expectProblem(response, 401, 'UNAUTHENTICATED');
        } else if (!policy.roles.includes(caller)) {
          expectProblem(response, 403, 'FORBIDDEN');
        } else if (policy.callerScope === 'city') {
          // Every caller here sits in a kecamatan, below a whole city.
          expectProblem(response, 403, 'FORBIDDEN');
        } else if (OUT_OF_SCOPE.includes(relation)) {
          expectProblem(response, 404, 'REGION_OUT_OF_SCOPE');
        } else {
          expect({ label, refusedByGuard: [401, 403].includes(response.status) || response.body?.code === 'REGION_OUT_OF_SCOPE' }).toEqual({
            label,
            refusedByGuard: false,
          });
          const ok = EXAMPLES[key].ok?.[relation];
          if (ok !== undefined) expect({ label, status: response.status }).toEqual({ label, status: ok });
        }
      }
    });
  });

  it('answers HEAD with the policy of GET', async () => {
    await t.http().head('/api/health').expect(200);
    await t.http().head('/api/users').expect(401);
    await t.http().head('/api/users').set('Authorization', callers.kader!.auth).expect(403);
    await t.http().head('/api/users').set('Authorization', callers.admin!.auth).expect(200);
  });

  it('refuses a region given twice instead of leaving it unchecked', async () => {
    const response = await t.http().get(`/api/users?region=${RELATIONS.own}&region=${RELATIONS.parent}`).set('Authorization', callers.admin!.auth);
    const problem = expectProblem(response, 400);
    expect(problem.errors?.map((e) => e.path)).toEqual(['/region']);
  });

  it('lets no role escalate: a kader PATCHing any user, themselves included, answers 403', async () => {
    const kader = callers.kader!;
    for (const id of [kader.user.id, fixtures.targetUserId, callers.admin!.user.id]) {
      expectProblem(await t.http().patch(`/api/users/${id}`).set('Authorization', kader.auth).send({ role: 'admin' }), 403, 'FORBIDDEN');
    }
    const opd = callers.opd!;
    expectProblem(await t.http().patch(`/api/users/${opd.user.id}`).set('Authorization', opd.auth).send({ role: 'admin', regionCode: KOTA_METRO }), 403, 'FORBIDDEN');
    const [{ role }] = (await t.db.query('SELECT role FROM app_user WHERE id = $1', [kader.user.id])) as { role: string }[];
    expect(role).toBe('kader');
  });
});
