import { AbstractLogger, LogLevel, LogMessage } from 'typeorm';
import { setAppRolePassword } from './app-role';
import { createDataSource } from './data-source';

// Any fixed number, the same in every process: it names the "schema migration" advisory lock.
const MIGRATIONS_LOCK_KEY = 73632001;

/** Forwards TypeORM's migration messages ("Migration X has been executed successfully.") only. */
class MigrationLogger extends AbstractLogger {
  constructor(private readonly write: (line: string) => void) {
    super(['schema', 'migration']);
  }

  protected writeLog(level: LogLevel, messages: LogMessage | LogMessage[]): void {
    for (const message of Array.isArray(messages) ? messages : [messages]) {
      if (message.type === 'schema-build' || message.type === 'migration') {
        this.write(`[migrations] ${String(message.message)}`);
      }
    }
  }
}

/**
 * Applies pending migrations, one transaction each, and returns the names applied. Safe to call from
 * several processes at once (API and worker both start with it): a PostgreSQL advisory lock lets one
 * migrate while the others wait, then find nothing pending. With `appRolePassword`, the application
 * role care_app (migration AppRole) gets that password.
 */
export async function runMigrations(
  url: string,
  log: (line: string) => void = (line) => console.log(line),
  options: { appRolePassword?: string } = {},
): Promise<string[]> {
  const dataSource = createDataSource(url, { poolSize: 2, logger: new MigrationLogger(log) });
  await dataSource.initialize();
  // The lock is held by this session; if the process dies, PostgreSQL releases it with the connection.
  const lockSession = dataSource.createQueryRunner();
  try {
    await lockSession.query('SELECT pg_advisory_lock($1)', [MIGRATIONS_LOCK_KEY]);
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      // On every run, not in the migration: the password is a setting, which may change (and never sits in a migration).
      if (options.appRolePassword) await setAppRolePassword(dataSource, options.appRolePassword);
      return applied.map((migration) => migration.name);
    } finally {
      await lockSession.query('SELECT pg_advisory_unlock($1)', [MIGRATIONS_LOCK_KEY]);
    }
  } finally {
    await lockSession.release();
    await dataSource.destroy();
  }
}
