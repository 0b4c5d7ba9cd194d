import { DataSource, Logger } from 'typeorm';
import { Absence } from './entities/absence.entity';
import { ActivityFailure } from './entities/activity-failure.entity';
import { Assessment } from './entities/assessment.entity';
import { AuditEvent } from './entities/audit-event.entity';
import { CaseManager } from './entities/case-manager.entity';
import { CaseloadAssignment } from './entities/caseload-assignment.entity';
import { IdempotencyRecord } from './entities/idempotency-record.entity';
import { PathwayDocument } from './entities/pathway-document.entity';
import { PathwayEvent } from './entities/pathway-event.entity';
import { Pathway } from './entities/pathway.entity';
import { Patient } from './entities/patient.entity';
import { Plan } from './entities/plan.entity';
import { Reminder } from './entities/reminder.entity';
import { SupervisorDigest } from './entities/supervisor-digest.entity';
import { TerritoryContact } from './entities/territory-contact.entity';
import { WaitingListOffer } from './entities/waiting-list-offer.entity';
import { InitialSchema1795437884719 } from './migrations/1795437884719-InitialSchema';
import { ReminderDelivery1795440000000 } from './migrations/1795440000000-ReminderDelivery';
import { AuditTrail1795450000000 } from './migrations/1795450000000-AuditTrail';
import { Supervision1795460000000 } from './migrations/1795460000000-Supervision';
import { WaitingListAndAbsences1795470000000 } from './migrations/1795470000000-WaitingListAndAbsences';
import { AppRole1795480000000 } from './migrations/1795480000000-AppRole';
import { PatientIns1795485000000 } from './migrations/1795485000000-PatientIns';
import { StuckCodes1795490000000 } from './migrations/1795490000000-StuckCodes';
import { PathwayDocuments1795500000000 } from './migrations/1795500000000-PathwayDocuments';
import { PlanLinks1795510000000 } from './migrations/1795510000000-PlanLinks';
import { AbsenceUnplaced1795515000000 } from './migrations/1795515000000-AbsenceUnplaced';
import { CalendarFeeds1795519000000 } from './migrations/1795519000000-CalendarFeeds';

// Listed one by one rather than globbed, so the same list works from the TypeScript sources (tests)
// and from compiled dist/ (API, worker, TypeORM CLI).
export const entities = [
  CaseManager,
  Patient,
  Pathway,
  PathwayEvent,
  Assessment,
  Plan,
  CaseloadAssignment,
  IdempotencyRecord,
  Reminder,
  TerritoryContact,
  SupervisorDigest,
  AuditEvent,
  ActivityFailure,
  Absence,
  WaitingListOffer,
  PathwayDocument,
];

export const migrations = [InitialSchema1795437884719, ReminderDelivery1795440000000, AuditTrail1795450000000, Supervision1795460000000, WaitingListAndAbsences1795470000000, AppRole1795480000000, PatientIns1795485000000, StuckCodes1795490000000, PathwayDocuments1795500000000, PlanLinks1795510000000, AbsenceUnplaced1795515000000, CalendarFeeds1795519000000];

export interface DataSourceOptions {
  /** Connections in the pool (pg's default is 10). */
  poolSize?: number;
  logger?: Logger;
}

export function createDataSource(url: string, options: DataSourceOptions = {}): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    migrations,
    migrationsTableName: 'typeorm_migrations',
    // The schema belongs to the migrations alone: nothing is created or altered at connection time.
    synchronize: false,
    migrationsRun: false,
    installExtensions: false,
    // gen_random_uuid() is built into PostgreSQL 13+, so uuid defaults need no extension.
    uuidExtension: 'pgcrypto',
    poolSize: options.poolSize,
    logger: options.logger,
    applicationName: 'care-pathways',
  });
}

/**
 * For the TypeORM CLI, e.g. `typeorm -d dist/libs/persistence/src/data-source.js migration:show`.
 * Without $DATABASE_URL, pg falls back to the usual PGHOST/PGUSER/... variables.
 */
export default createDataSource(process.env['DATABASE_URL'] ?? '');
