import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { pathwayPolicy } from '@pathway/config';
import { CaseManagerWithCaseload, createCaseManager, listCaseManagersWithCaseload } from '@pathway/persistence';
import type { Principal } from '../auth/principal';
import { PathwayAccess } from '../common/access/pathway-access';
import { ProblemException } from '../common/problem';
import { DATABASE } from '../database/database.module';
import { CaseManagerDto, CreateCaseManagerDto } from './dto/case-manager.dto';

@Injectable()
export class CaseManagersService {
  private readonly defaultCapacity = pathwayPolicy().caseloadCapacity;

  constructor(
    @Inject(DATABASE) private readonly db: DataSource,
    private readonly access: PathwayAccess,
  ) {}

  /** Adds a case manager; a supervisor adds them to their own territory only. 409 when the id is taken. */
  async create(input: CreateCaseManagerDto, principal: Principal): Promise<CaseManagerDto> {
    this.access.assertTerritory(principal, input.territory, ['admin', 'supervisor'], 'adding a case manager');
    const created = await createCaseManager(this.db, { ...input, capacity: input.capacity ?? this.defaultCapacity });
    if (created.status === 'ID_TAKEN') {
      throw new ProblemException(HttpStatus.CONFLICT, 'Case manager id taken', `there is already a case manager ${created.caseManager.id}`, { id: created.caseManager.id });
    }
    return view({ ...created.caseManager, active: 0 });
  }

  /** The case managers of the supervisor's territory with their current caseload. */
  async list(principal: Principal, territory?: string): Promise<CaseManagerDto[]> {
    const own = this.access.supervisedTerritory(principal, territory);
    return (await listCaseManagersWithCaseload(this.db, { territory: own })).map(view);
  }
}

function view(cm: CaseManagerWithCaseload): CaseManagerDto {
  return { id: cm.id, name: cm.name, email: cm.email, territory: cm.territory, capacity: cm.capacity, active: cm.active, createdAt: cm.createdAt.toISOString() };
}
