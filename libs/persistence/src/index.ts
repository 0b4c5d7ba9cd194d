export { createDataSource, entities, migrations } from './data-source';
export type { DataSourceOptions } from './data-source';
export { runMigrations } from './run-migrations';
export type { Db, Timestamp } from './sql';

export * from './entities/assessment.entity';
export * from './entities/case-manager.entity';
export * from './entities/caseload-assignment.entity';
export * from './entities/idempotency-record.entity';
export * from './entities/pathway-event.entity';
export * from './entities/pathway.entity';
export * from './entities/patient.entity';
export * from './entities/plan.entity';
export * from './entities/reminder.entity';

export * from './case-managers';
export * from './caseload';
export * from './idempotency';
export * from './pathway-projection';
export * from './pathway-reads';
export * from './reminders';
