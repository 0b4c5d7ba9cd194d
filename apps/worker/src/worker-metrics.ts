/**
 * The worker's Prometheus metrics (README "Operating it"), served on WORKER_METRICS_ADDRESS: the reminder
 * outbox by state and the age of its oldest waiting reminder, and the open stuck pathways by territory and
 * code. Read from PostgreSQL when Prometheus scrapes (one query each per scrape), so every worker replica
 * reports the same figures: aggregate them with max(), not sum(). A scrape fails while PostgreSQL cannot be
 * read. The Temporal SDK's own metrics are on WORKER_TEMPORAL_METRICS_ADDRESS (see temporal-runtime.ts).
 */
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { countStuckPathways, reminderOutboxCounts, REMINDER_STATES } from '@pathway/persistence';

/** The gauges of one query share its answer within a scrape. */
function oncePerScrape<T>(read: () => Promise<T>): () => Promise<T> {
  let last: { at: number; answer: Promise<T> } | undefined;
  return () => {
    if (!last || Date.now() - last.at > 1000) last = { at: Date.now(), answer: read() };
    return last.answer;
  };
}

export function createWorkerMetrics(db: DataSource): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const outbox = oncePerScrape(() => reminderOutboxCounts(db, new Date()));

  new Gauge({
    name: 'care_pathways_reminders',
    help: 'Reminders in the outbox by state: waiting (due, not delivered yet), scheduled (due later), sent, failed (gave up), cancelled',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      const { counts } = await outbox();
      for (const state of REMINDER_STATES) this.set({ state }, counts[state]);
    },
  });
  new Gauge({
    name: 'care_pathways_oldest_waiting_reminder_age_seconds',
    help: 'How long the oldest waiting reminder has been due (0 when none is waiting)',
    registers: [registry],
    async collect() {
      const { oldestWaitingDueAt } = await outbox();
      this.set(oldestWaitingDueAt ? Math.max(0, (Date.now() - oldestWaitingDueAt.getTime()) / 1000) : 0);
    },
  });
  new Gauge({
    name: 'care_pathways_stuck_pathways',
    help: "Open stuck pathways by territory and code (the stuck list's codes; deadlinePassed: a deadline its workflow has not processed)",
    labelNames: ['territory', 'code'],
    registers: [registry],
    async collect() {
      const rows = await countStuckPathways(db, new Date());
      this.reset();
      for (const { territory, code, count } of rows) this.set({ territory, code }, count);
    },
  });
  return registry;
}
