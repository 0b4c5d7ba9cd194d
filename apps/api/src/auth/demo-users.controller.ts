/**
 * Demo users for the local web sign-in page: one token per case manager of the database, and a
 * supervisor and an intake coordinator per territory. Only while tokens are verified with the local
 * development secret and NODE_ENV is not production; anywhere else the route answers 404, as if it did
 * not exist (production signs in through the OIDC issuer).
 */
import { Controller, Get, Inject, NotFoundException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { listCaseManagersWithCaseload } from '@pathway/persistence';
import { DataSource } from 'typeorm';
import { DATABASE } from '../database/database.module';
import { ApiProblems } from '../common/problem.dto';
import { Public } from './auth.guard';
import type { Role } from './principal';
import { demoSignInAllowed, TokenVerifier } from './token-verifier';

export class DemoUserDto {
  @ApiProperty({ example: 'cm-louise' }) id!: string;
  @ApiProperty({ example: 'Louise Bernard' }) name!: string;
  @ApiProperty({ enum: ['case_manager', 'supervisor', 'intake'] }) role!: Role;
  @ApiPropertyOptional({ example: 'T75-EST' }) territory?: string;
  @ApiProperty({ description: 'an HS256 bearer token for this user, valid 8 hours' }) token!: string;
}

const TOKEN_LIFETIME = '8h';

@ApiTags('auth')
@Controller('api/v1/auth')
export class DemoUsersController {
  constructor(
    private readonly verifier: TokenVerifier,
    @Inject(DATABASE) private readonly db: DataSource,
  ) {}

  @Get('demo-users')
  @Public()
  @ApiOperation({ summary: 'Demo users and their tokens, only on a local stack (the local development secret, not production)' })
  @ApiOkResponse({ type: [DemoUserDto] })
  @ApiProblems(404)
  async demoUsers(): Promise<DemoUserDto[]> {
    const settings = this.verifier.settings;
    if (settings.mode !== 'hs256' || !demoSignInAllowed(settings)) throw new NotFoundException('demo users exist only on a local stack');
    const { SignJWT } = await import('jose');
    const sign = (sub: string, role: Role, territory: string) =>
      new SignJWT({ roles: [role], territory }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setSubject(sub).setIssuedAt().setExpirationTime(TOKEN_LIFETIME).sign(settings.secret);
    const caseManagers = await listCaseManagersWithCaseload(this.db);
    const users: DemoUserDto[] = [];
    for (const territory of [...new Set(caseManagers.map((cm) => cm.territory))]) {
      users.push({ id: `sup-${territory}`, name: `Superviseur·e ${territory}`, role: 'supervisor', territory, token: await sign(`sup-${territory}`, 'supervisor', territory) });
      users.push({ id: `intake-${territory}`, name: `Accueil ${territory}`, role: 'intake', territory, token: await sign(`intake-${territory}`, 'intake', territory) });
    }
    for (const cm of caseManagers) {
      users.push({ id: cm.id, name: cm.name, role: 'case_manager', territory: cm.territory, token: await sign(cm.id, 'case_manager', cm.territory) });
    }
    return users;
  }
}
