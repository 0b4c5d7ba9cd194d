/**
 * Bearer JWT authentication and role checks, in one place for every route. Locally tokens are HS256
 * with AUTH_JWT_SECRET (README: `npm run token`); a missing or bad token is 401, a role the route does
 * not admit is 403.
 */
import { CanActivate, createParamDecorator, ExecutionContext, ForbiddenException, Injectable, SetMetadata, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { Principal, Role, ROLES } from './principal';
import { TokenVerifier } from './token-verifier';

const PUBLIC = 'auth:public';
const ROLES_KEY = 'auth:roles';

export const Public = () => SetMetadata(PUBLIC, true);
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  return (ctx.switchToHttp().getRequest<Request & { principal: Principal }>()).principal;
});

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const request = ctx.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const header = request.headers.authorization;
    if (!header?.startsWith('Bearer ')) throw new UnauthorizedException('a bearer token is required (Authorization: Bearer <JWT>)');
    const claims = await this.verifier.verify(header.slice('Bearer '.length)).catch((err: Error) => {
      throw new UnauthorizedException(`invalid token: ${err.message}`);
    });
    const roles = Array.isArray(claims.roles) ? (claims.roles.filter((r) => ROLES.includes(r as Role)) as Role[]) : [];
    if (typeof claims.sub !== 'string' || !claims.sub) throw new UnauthorizedException('invalid token: no subject');
    request.principal = { sub: claims.sub, roles, territory: typeof claims.territory === 'string' ? claims.territory : undefined };
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (allowed && !allowed.some((role) => roles.includes(role))) {
      throw new ForbiddenException(`this needs one of the roles ${allowed.join(', ')}`);
    }
    return true;
  }
}
