import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { databaseUrl, SettingsError } from '@pathway/config';
import { createDataSource } from '@pathway/persistence';

export const DATABASE = Symbol('DATABASE');

/** The API's PostgreSQL pool (reads, idempotency records, case managers). The projection is the worker's to write. */
@Global()
@Module({
  providers: [
    {
      provide: DATABASE,
      useFactory: async (): Promise<DataSource> => {
        const url = databaseUrl();
        const db = createDataSource(url, { poolSize: 10 });
        await db.initialize().catch((err: Error) => {
          throw new SettingsError(`cannot reach PostgreSQL at ${new URL(url).host}: ${err.message}`);
        });
        return db;
      },
    },
  ],
  exports: [DATABASE],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DATABASE) private readonly db: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.db.isInitialized) await this.db.destroy();
  }
}
