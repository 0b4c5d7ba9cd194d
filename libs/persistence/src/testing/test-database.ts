import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { appRoleUrl } from '../app-role';
import { createDataSource } from '../data-source';
import { runMigrations } from '../run-migrations';

// The project's launcher for a throw-away PostgreSQL (plain CommonJS, so required rather than imported).
// infra/ holds the launchers, not a project, so the module-boundaries rule has no tag to allow it by.
// eslint-disable-next-line @nx/enforce-module-boundaries
const { startPostgres } = require('../../../../infra/postgres.cjs') as {
  startPostgres(options: {
    dataDir: string;
    port: number;
    log?: (line: string) => void;
    serverFlags?: string[];
  }): Promise<{
    url: string;
    stop(): Promise<void>;
  }>;
};
// eslint-disable-next-line @nx/enforce-module-boundaries
const { freePort } = require('../../../../infra/ports.cjs') as { freePort(): Promise<number> };

export interface TestDatabase {
  /** The owner's (`postgres`, superuser): for migrations and for what a test installs in the schema. */
  url: string;
  /**
   * Migrated: connected as the application role care_app, as the API and the worker are, so every store
   * test also proves the role is granted enough. Not migrated (no role yet): as the owner.
   * Pooled widely enough that concurrency tests really run their transactions side by side.
   */
  dataSource: DataSource;
  /** care_app's URL (migrated only). */
  appUrl?: string;
  /** Connected as the owner, for what the app may not do (installing a CHECK, reading as a superuser). */
  owner: DataSource;
  stop(): Promise<void>;
}

/** The local, throw-away password of care_app in test databases (as `postgres`/`postgres` is the owner's). */
export const TEST_APP_PASSWORD = 'care_app';

/** A real, empty PostgreSQL in a temp dir on a free port, for one test file. */
export async function startPostgresForTests(options: { migrate: boolean }): Promise<TestDatabase> {
  const tempDir = mkdtempSync(join(tmpdir(), 'persistence-pg-'));
  // As root the launcher runs the server as `postgres`, which must be able to enter the temp dir.
  chmodSync(tempDir, 0o755);
  const lines: string[] = [];
  const server = await startPostgres({
    dataDir: join(tempDir, 'data'),
    port: await freePort(),
    log: (line) => lines.push(line),
    // Throw-away data: durability settings only cost time here.
    serverFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
  }).catch((error: Error) => {
    rmSync(tempDir, { recursive: true, force: true });
    throw new Error(`PostgreSQL did not start: ${error.message}\n${lines.slice(-20).join('\n')}`);
  });
  const appUrl = options.migrate ? appRoleUrl(server.url, TEST_APP_PASSWORD) : undefined;
  const dataSource = createDataSource(appUrl ?? server.url, { poolSize: 60 });
  const owner = appUrl ? createDataSource(server.url, { poolSize: 4 }) : dataSource;
  try {
    if (options.migrate) await runMigrations(server.url, () => undefined, { appRolePassword: TEST_APP_PASSWORD });
    await dataSource.initialize();
    if (owner !== dataSource) await owner.initialize();
  } catch (error) {
    await server.stop();
    rmSync(tempDir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: server.url,
    dataSource,
    appUrl,
    owner,
    async stop() {
      await dataSource.destroy();
      if (owner !== dataSource) await owner.destroy();
      await server.stop();
      rmSync(tempDir, { recursive: true, force: true });
    },
  };
}
