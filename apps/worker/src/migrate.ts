// Applies pending database migrations, then exits (npm start and the end-to-end stack run it first).
// As the tables' owner (MIGRATION_DATABASE_URL, else DATABASE_URL); the apps then connect as care_app.
// Logs like the services (a Kubernetes Job's output goes to the same log platform).
import { appDatabasePassword, createLogger, migrationDatabaseUrl, runMain } from '@pathway/config';
import { runMigrations } from '@pathway/persistence';

runMain('migrate', async () => {
  const logger = createLogger('migrate');
  const applied = await runMigrations(migrationDatabaseUrl(), (line) => logger.info(line.replace(/^\[migrations\] /, '')), { appRolePassword: appDatabasePassword() });
  logger.info({ applied }, applied.length ? `applied ${applied.join(', ')}` : 'schema up to date');
});
