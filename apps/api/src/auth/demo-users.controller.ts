/**
 * Demo users for the local web sign-in page: one token per case manager of the database, a supervisor
 * and an intake coordinator per territory, and the attending physicians the referrals name (the
 * pathway's summary keeps `physician: { name, email }`; a physician reaches their patients by the
 * token's `email` claim, common/access/pathway-access.ts). Only while tokens are verified with the local
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
  @ApiProperty({ enum: ['case_manager', 'supervisor', 'intake', 'physician'] }) role!: Role;
  @ApiPropertyOptional({ example: 'T75-EST', description: "a physician: the territory of their latest patient's pathway" }) territory?: string;
  @ApiPropertyOptional({ example: 'dr.martin@cabinet.example', description: 'a physician: the email the referrals name them by (the token carries it)' }) email?: string;
  @ApiProperty({ description: 'an HS256 bearer token for this user, valid 8 hours' }) token!: string;
}

const TOKEN_LIFETIME = '8h';
/** The sign-in page lists people, not a directory: a territory seeded for load tests names thousands of physicians. */
const MAX_PHYSICIANS = 100;

interface AttendingPhysician {
  email: string;
  name: string;
  territory: string;
}

/**
 * The distinct attending physicians of the pathways (by email, case-insensitively, as the access rule
 * compares them), those with a plan waiting for their visa first, then the most recently active.
 */
async function listAttendingPhysicians(db: DataSource): Promise<AttendingPhysician[]> {
  const rows: Array<{ email: string; name: string | null; territory: string }> = await db.query(
    `SELECT email, name, territory FROM (
       SELECT DISTINCT ON (lower(p.summary->'physician'->>'email'))
              lower(p.summary->'physician'->>'email') AS email, p.summary->'physician'->>'name' AS name, p.territory,
              bool_or(p.stage = 'PLAN_VALIDATION' AND p.closed_at IS NULL) OVER (PARTITION BY lower(p.summary->'physician'->>'email')) AS awaited,
              max(p.last_event_at) OVER (PARTITION BY lower(p.summary->'physician'->>'email')) AS latest
         FROM pathways p
        WHERE coalesce(p.summary->'physician'->>'email', '') <> ''
        ORDER BY lower(p.summary->'physician'->>'email'), p.last_event_at DESC
     ) physicians
     ORDER BY awaited DESC, latest DESC, email
     LIMIT $1`,
    [MAX_PHYSICIANS],
  );
  return rows.map((r) => ({ email: r.email, name: r.name?.trim() || r.email, territory: r.territory }));
}

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
    const sign = (sub: string, role: Role, territory: string, extra: Record<string, string> = {}) =>
      new SignJWT({ roles: [role], territory, ...extra }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setSubject(sub).setIssuedAt().setExpirationTime(TOKEN_LIFETIME).sign(settings.secret);
    const caseManagers = await listCaseManagersWithCaseload(this.db);
    const users: DemoUserDto[] = [];
    for (const territory of [...new Set(caseManagers.map((cm) => cm.territory))]) {
      users.push({ id: `sup-${territory}`, name: `Superviseur·e ${territory}`, role: 'supervisor', territory, token: await sign(`sup-${territory}`, 'supervisor', territory) });
      users.push({ id: `intake-${territory}`, name: `Accueil ${territory}`, role: 'intake', territory, token: await sign(`intake-${territory}`, 'intake', territory) });
    }
    for (const cm of caseManagers) {
      users.push({ id: cm.id, name: cm.name, role: 'case_manager', territory: cm.territory, token: await sign(cm.id, 'case_manager', cm.territory) });
    }
    for (const md of await listAttendingPhysicians(this.db)) {
      const token = await sign(md.email, 'physician', md.territory, { email: md.email, name: md.name });
      users.push({ id: md.email, name: md.name, role: 'physician', territory: md.territory, email: md.email, token });
    }
    return users;
  }
}
