import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { AuthService } from '../auth/auth.service';
import { BullMqBackend } from './bullmq-backend';
import { JOB_BACKEND, JobBackend } from './job-backend';

export const QUEUE_DASHBOARD_PATH = '/api/queues';
/** A browser cannot send a bearer header when it loads the dashboard's pages, so it carries this cookie. */
const COOKIE = 'wakuncar_queues';

function problem(response: Response, status: 401 | 403, code: string, detail: string): void {
  response
    .status(status)
    .type('application/problem+json')
    .send(JSON.stringify({ type: `/problems/${code.toLowerCase()}`, title: status === 401 ? 'Unauthorized' : 'Forbidden', status, detail, code }));
}

function cookieToken(request: Request): string | undefined {
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
export function mountQueueDashboard(app: NestExpressApplication): void {
  const backend = app.get<JobBackend>(JOB_BACKEND);
  const auth = app.get(AuthService);

  const guard = async (request: Request, response: Response, next: NextFunction): Promise<void> => {
    try {
      const queryToken = typeof request.query.token === 'string' ? request.query.token : undefined;
      const header = request.headers.authorization ?? (queryToken ?? cookieToken(request) ? `Bearer ${queryToken ?? cookieToken(request)}` : undefined);
      const user = await auth.authenticate(header);
      if (!user) return problem(response, 401, 'UNAUTHENTICATED', 'Silakan masuk terlebih dahulu');
      if (user.role !== 'admin') return problem(response, 403, 'FORBIDDEN', 'Dasbor antrean hanya untuk admin');
      if (queryToken) {
        response.cookie(COOKIE, queryToken, { httpOnly: true, sameSite: 'strict', path: QUEUE_DASHBOARD_PATH, secure: request.secure, maxAge: 8 * 3600_000 });
        return response.redirect(303, `${QUEUE_DASHBOARD_PATH}/`);
      }
      next();
    } catch (error) {
      next(error);
    }
  };

  if (backend instanceof BullMqBackend) {
    const serverAdapter = new ExpressAdapter();
    serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
    createBullBoard({
      queues: backend.queues().map((queue) => new BullMQAdapter(queue)),
      // @bull-board/express pins its own patch release of @bull-board/api: same shape, separate declarations.
      serverAdapter: serverAdapter as unknown as Parameters<typeof createBullBoard>[0]['serverAdapter'],
      options: { uiConfig: { boardTitle: 'Wakuncar' } },
    });
    app.use(QUEUE_DASHBOARD_PATH, guard, serverAdapter.getRouter());
  } else {
    app.use(QUEUE_DASHBOARD_PATH, guard, (_request: Request, response: Response, next: NextFunction) => {
      backend.counts().then((queues) => response.json({ mode: 'single-machine', queues }), next);
    });
  }
}
