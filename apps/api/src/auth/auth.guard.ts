/**
 * Bearer JWT authentication and role checks, in one place for every route. Tokens are verified by
 * `TokenVerifier` (HS256 locally, an OIDC issuer's keys in production); a missing or refused token is
 * 401 with the reason, a role the route does not admit is 403. Which pathway a role reaches is the
 * access policy's business (common/access), checked after this guard.
 * A route without `@Roles` admits every role but `professional`: an outside professional reads only the
 * routes marked `@OpenToProfessionals()` (their pathways and their part of each), so a new read route
 * shows them nothing until someone decides what of it is theirs.
 */
import { CanActivate, createParamDecorator, ExecutionContext, ForbiddenException, HttpStatus, Injectable, Logger, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { noteRoute } from '../common/audit/audit-context';
import { ProblemException } from '../common/problem';
import { bearerTokenOf, Principal, principalOf, Role } from './principal';
import { KeySetUnavailable, TokenRejected, TokenVerifier } from './token-verifier';

const PUBLIC = 'auth:public';
export const ROLES_KEY = 'auth:roles';
const PROFESSIONALS = 'auth:professionals';

export const Public = () => SetMetadata(PUBLIC, true);
export const OpenToProfessionals = () => SetMetadata(PROFESSIONALS, true);
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  return (ctx.switchToHttp().getRequest<Request & { principal: Principal }>()).principal;
});

/** 401 with RFC 6750's challenge, so a client knows a new token (not a retry) is what it needs. */
function unauthorized(res: Response, reason: string, detail: string): ProblemException {
  res.setHeader('WWW-Authenticate', reason === 'missing' ? 'Bearer realm="care-pathways"' : `Bearer realm="care-pathways", error="invalid_token", error_description="${detail.replace(/[^\x20-\x7e]|["\\]/g, '')}"`);
  return new ProblemException(HttpStatus.UNAUTHORIZED, 'Unauthorized', detail, { reason });
}

@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger('AuthGuard');

  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    const request = ctx.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const response = ctx.switchToHttp().getResponse<Response>();
    // The first thing every route passes: the audit trail learns which action this request is, denied or not.
    noteRoute(request, ctx);
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const bearer = bearerTokenOf(request.headers.authorization);
    if (!bearer) throw unauthorized(response, 'missing', 'a bearer token is required (Authorization: Bearer <JWT>)');
    let claims;
    try {
      claims = await this.verifier.verify(bearer);
    } catch (err) {
      if (err instanceof TokenRejected) throw unauthorized(response, err.reason, `invalid token: ${err.message}`);
      if (err instanceof KeySetUnavailable) {
        this.logger.error(`${err.message}: ${err.cause instanceof Error ? err.cause.message : String(err.cause)}`);
        response.setHeader('Retry-After', '5');
        throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, 'Service unavailable', `${err.message}; retry later`);
      }
      throw err;
    }
    const principal = principalOf(claims, this.verifier.mode);
    if (!principal) throw unauthorized(response, 'invalid_claims', 'invalid token: no subject (sub)');
    request.principal = principal;
    const roles = principal.roles;
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (allowed && !allowed.some((role) => roles.includes(role))) {
      throw new ForbiddenException(`this needs one of the roles ${allowed.join(', ')}`);
    }
    if (!allowed && roles.includes('professional') && !this.reflector.getAllAndOverride<boolean>(PROFESSIONALS, targets)) {
      throw new ForbiddenException('a care-team professional reads their pathways and their part of each only');
    }
    return true;
  }
}
