import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
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
  url: string;
  /** Pooled widely enough that concurrency tests really run their transactions side by side. */
  dataSource: DataSource;
  stop(): Promise<void>;
}

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
  const dataSource = createDataSource(server.url, { poolSize: 60 });
  try {
    if (options.migrate) await runMigrations(server.url, () => undefined);
    await dataSource.initialize();
  } catch (error) {
    await server.stop();
    rmSync(tempDir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: server.url,
    dataSource,
    async stop() {
      await dataSource.destroy();
      await server.stop();
      rmSync(tempDir, { recursive: true, force: true });
    },
  };
}
