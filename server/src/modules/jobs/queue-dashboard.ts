import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ACCESS_POLICY, isCityLevel, policyKey, RoutePolicy } from '../auth/access-policy';
import { AuthService } from '../auth/auth.service';
import { BullMqBackend } from './bullmq-backend';
import { JOB_BACKEND, JobBackend } from './job-backend';

export const QUEUE_DASHBOARD_PATH = '/api/queues';
/** A browser cannot send a bearer header when it loads the dashboard's pages, so it carries this cookie. */
const COOKIE = 'wakuncar_queues';
const COOKIE_MAX_AGE_SECONDS = 8 * 3600;

function problem(reply: FastifyReply, status: 401 | 403, code: string, detail: string): FastifyReply {
  return reply
    .status(status)
    .type('application/problem+json')
    .send(JSON.stringify({ type: `/problems/${code.toLowerCase()}`, title: status === 401 ? 'Unauthorized' : 'Forbidden', status, detail, code }));
}

function cookieToken(request: FastifyRequest): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === COOKIE) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/**
 * The access policy entry of a dashboard request: its own (the session), else the one for its
 * method on the whole dashboard. Reading is GET (HEAD alike); anything else changes jobs or queues.
 */
function dashboardPolicy(request: FastifyRequest): RoutePolicy | undefined {
  const method = request.method === 'HEAD' ? 'GET' : request.method;
  const path = request.url.split('?')[0].replace(/\/$/, '');
  return ACCESS_POLICY[policyKey(method, path)] ?? ACCESS_POLICY[policyKey(method, QUEUE_DASHBOARD_PATH)];
}

/**
 * The queue dashboard (bull-board) at `/api/queues`, as the access policy table says: every admin may
 * read it, only a city-level admin may change jobs or queues. It takes a login from the bearer header
 * or from the path-scoped HttpOnly cookie that `POST /api/queues/session` (bearer header) sets; never
 * from the query string, where a token would end up in logs and browser history. In single-machine
 * mode there are no BullMQ queues; the path answers the in-process counts as JSON.
 */
export async function mountQueueDashboard(app: NestFastifyApplication): Promise<void> {
  const backend = app.get<JobBackend>(JOB_BACKEND);
  const auth = app.get(AuthService);

  const guard = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const policy = dashboardPolicy(request);
    const token = cookieToken(request);
    const credential = await auth.authenticate(request.headers.authorization ?? (token ? `Bearer ${token}` : undefined));
    if (!credential) return problem(reply, 401, 'UNAUTHENTICATED', 'Silakan masuk terlebih dahulu');
    if (!policy || policy.roles === 'public' || !policy.roles.includes(credential.user.role)) {
      return problem(reply, 403, 'FORBIDDEN', 'Dasbor antrean hanya untuk admin');
    }
    if (credential.apiToken && policy.token === undefined) return problem(reply, 403, 'LOGIN_REQUIRED', 'Dasbor antrean hanya untuk admin yang masuk, bukan token API');
    if (policy.callerScope === 'city' && !isCityLevel(credential.user.regionCode)) {
      return problem(reply, 403, 'FORBIDDEN', 'Hanya admin tingkat kota yang boleh mengubah antrean; dasbor ini hanya dapat dilihat');
    }
    return undefined;
  };

  // On the root, not in the dashboard's scope: a path below /api/queues that bull-board does not
  // serve (PUT /api/queues …) is still refused by the policy instead of answering 404 to anyone.
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      const path = request.url.split('?')[0];
      if (path === QUEUE_DASHBOARD_PATH || path.startsWith(`${QUEUE_DASHBOARD_PATH}/`)) return guard(request, reply);
      return undefined;
    });
  await app.register(async (scope: FastifyInstance) => {
    // Only a bearer header reaches this far with a token the cookie does not already hold.
    scope.post('/session', async (request, reply) => {
      const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
      if (!token) return problem(reply, 401, 'UNAUTHENTICATED', 'Kirim token masuk pada header Authorization');
      const secure = request.protocol === 'https' ? '; Secure' : '';
      return reply
        .header('Set-Cookie', `${COOKIE}=${encodeURIComponent(token)}; Path=${QUEUE_DASHBOARD_PATH}; Max-Age=${COOKIE_MAX_AGE_SECONDS}; HttpOnly; SameSite=Strict${secure}`)
        .status(204)
        .send();
    });
    if (backend instanceof BullMqBackend) {
      const serverAdapter = new FastifyAdapter();
      serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
      createBullBoard({
        queues: backend.queues().map((queue) => new BullMQAdapter(queue)),
        // @bull-board/fastify pins its own patch release of @bull-board/api: same shape, separate declarations.
        serverAdapter: serverAdapter as unknown as Parameters<typeof createBullBoard>[0]['serverAdapter'],
        options: { uiConfig: { boardTitle: 'Wakuncar' } },
      });
      await scope.register(serverAdapter.registerPlugin());
    } else {
      scope.get('/', async () => ({ mode: 'single-machine', queues: await backend.counts() }));
    }
  }, { prefix: QUEUE_DASHBOARD_PATH });
}
