import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { User } from '../users/user.entity';
import type { TokenScope } from './access-policy';

export interface AuthenticatedRequest extends FastifyRequest {
  user?: User;
  /** The scopes of the API token the request came with; null for a login. */
  tokenScopes?: TokenScope[] | null;
  /** The login session the request's token belongs to; null for an API token. */
  sessionId?: string | null;
}

/** The user `AccessGuard` authenticated; only used on routes whose policy is not public. */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): User => {
  const user = context.switchToHttp().getRequest<AuthenticatedRequest>().user;
  if (!user) throw new Error('CurrentUser used on a public route');
  return user;
});

/** Client address as seen by the API: behind a load balancer, from X-Forwarded-For when TRUST_PROXY says to trust it. */
export function clientIp(request: FastifyRequest): string {
  return request.ip || request.socket.remoteAddress || 'unknown';
}

/** The scopes of the request's API token, null when it came with a login. */
export const TokenScopes = createParamDecorator((_data: unknown, context: ExecutionContext): TokenScope[] | null => {
  return context.switchToHttp().getRequest<AuthenticatedRequest>().tokenScopes ?? null;
});

/** The request's login session; only on routes an API token may not call (their policy has no `token`). */
export const SessionId = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const sessionId = context.switchToHttp().getRequest<AuthenticatedRequest>().sessionId;
  if (!sessionId) throw new Error('SessionId used on a route an API token may call');
  return sessionId;
});
