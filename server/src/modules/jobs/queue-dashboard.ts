import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ACCESS_POLICY, policyKey } from '../auth/access-policy';
import { AuthService } from '../auth/auth.service';
import { BullMqBackend } from './bullmq-backend';
import { JOB_BACKEND, JobBackend } from './job-backend';

export const QUEUE_DASHBOARD_PATH = '/api/queues';
/** Who may open the dashboard, as the access policy table says (it is a Fastify plugin, not a Nest route). */
const DASHBOARD_POLICY = ACCESS_POLICY[policyKey('GET', QUEUE_DASHBOARD_PATH)];
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
 * The queue dashboard (bull-board) at `/api/queues`, for admins only: a bearer header, or the
 * path-scoped HttpOnly cookie set by `GET /api/queues?token=…` (which then redirects to drop the token
 * from the address bar). In single-machine mode there are no BullMQ queues; the path answers the
 * in-process counts as JSON.
 */
export async function mountQueueDashboard(app: NestFastifyApplication): Promise<void> {
  const backend = app.get<JobBackend>(JOB_BACKEND);
  const auth = app.get(AuthService);

  const guard = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const query = request.query as Record<string, unknown>;
    const queryToken = typeof query.token === 'string' ? query.token : undefined;
    const token = queryToken ?? cookieToken(request);
    const credential = await auth.authenticate(request.headers.authorization ?? (token ? `Bearer ${token}` : undefined));
    if (!credential) return problem(reply, 401, 'UNAUTHENTICATED', 'Silakan masuk terlebih dahulu');
    if (DASHBOARD_POLICY.roles !== 'public' && !DASHBOARD_POLICY.roles.includes(credential.user.role)) {
      return problem(reply, 403, 'FORBIDDEN', 'Dasbor antrean hanya untuk admin');
    }
    if (credential.apiToken && DASHBOARD_POLICY.token === undefined) return problem(reply, 403, 'LOGIN_REQUIRED', 'Dasbor antrean hanya untuk admin yang masuk, bukan token API');
    if (queryToken) {
      const secure = request.protocol === 'https' ? '; Secure' : '';
      reply.header(
        'Set-Cookie',
        `${COOKIE}=${encodeURIComponent(queryToken)}; Path=${QUEUE_DASHBOARD_PATH}; Max-Age=${COOKIE_MAX_AGE_SECONDS}; HttpOnly; SameSite=Strict${secure}`,
      );
      return reply.redirect(`${QUEUE_DASHBOARD_PATH}/`, 303);
    }
    return undefined;
  };

  await app.register(async (scope: FastifyInstance) => {
    scope.addHook('onRequest', guard);
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
