// Idempotency records hold whole answers (a pathway summary names the patient): the worker deletes them
// once past IDEMPOTENCY_RETENTION, checking a few times per retention period so none outlives it by much.
import { purgeIdempotencyRecords } from '@pathway/persistence';
import type { DataSource } from 'typeorm';
import type { Logger } from '@pathway/config';

const MAX_INTERVAL_MS = 10 * 60_000;

export class IdempotencyPurge {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly db: DataSource,
    private readonly retentionMs: number,
    private readonly logger: Pick<Logger, 'info' | 'warn'>,
  ) {}

  start(): void {
    const intervalMs = Math.min(Math.max(this.retentionMs / 4, 1000), MAX_INTERVAL_MS);
    const tick = () => {
      this.running = this.purgeOnce().finally(() => {
        this.running = undefined;
        if (this.timer) this.timer = setTimeout(tick, intervalMs);
      });
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private async purgeOnce(): Promise<void> {
    try {
      const purged = await purgeIdempotencyRecords(this.db, this.retentionMs);
      if (purged) this.logger.info({ purged }, `purged ${purged} idempotency record(s) past their retention`);
    } catch (err) {
      // The database may be down for a moment: the next round tries again.
      this.logger.warn(`purging idempotency records failed: ${(err as { code?: string }).code ?? (err as Error).message}`);
    }
  }
}
