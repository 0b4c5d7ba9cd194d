// Applies pending database migrations, then exits (npm start and the end-to-end stack run it first).
import { databaseUrl, runMain } from '@pathway/config';
import { runMigrations } from '@pathway/persistence';

runMain('migrate', async () => {
  const applied = await runMigrations(databaseUrl(), (line) => console.log(`[migrate] ${line}`));
  console.log(`[migrate] ${applied.length ? `applied ${applied.join(', ')}` : 'schema up to date'}`);
});
