// Applies pending database migrations, then exits (npm start and the end-to-end stack run it first).
// As the tables' owner (MIGRATION_DATABASE_URL, else DATABASE_URL); the apps then connect as care_app.
import { appDatabasePassword, migrationDatabaseUrl, runMain } from '@pathway/config';
import { runMigrations } from '@pathway/persistence';

runMain('migrate', async () => {
  const applied = await runMigrations(migrationDatabaseUrl(), (line) => console.log(`[migrate] ${line}`), { appRolePassword: appDatabasePassword() });
  console.log(`[migrate] ${applied.length ? `applied ${applied.join(', ')}` : 'schema up to date'}`);
});
