import { CanActivate, createParamDecorator, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { PathwayWithPatient } from '@pathway/persistence';
import { ROLES_KEY } from '../../auth/auth.guard';
import type { Principal, Role } from '../../auth/principal';
import { PathwayAccess } from './pathway-access';

type PathwayRequest = Request & { principal: Principal; pathway?: PathwayWithPatient };

/**
 * For routes under /pathways/:id: loads the pathway's projection and lets the request through only if
 * the caller reaches it through the roles the route admits (`@Roles`); 404 otherwise.
 */
@Injectable()
export class PathwayAccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly access: PathwayAccess,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const request = ctx.switchToHttp().getRequest<PathwayRequest>();
    const through = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [ctx.getHandler(), ctx.getClass()]);
    request.pathway = await this.access.reachable(request.principal, String(request.params.id), through);
    return true;
  }
}

/** The pathway `PathwayAccessGuard` loaded (its projection and patient). */
export const CurrentPathway = createParamDecorator((_: unknown, ctx: ExecutionContext): PathwayWithPatient => {
  const pathway = ctx.switchToHttp().getRequest<PathwayRequest>().pathway;
  if (!pathway) throw new Error('CurrentPathway needs PathwayAccessGuard on the route');
  return pathway;
});
