// What the fault suites share: a client that retries a POST with its Idempotency-Key through outages
// and restarts (as a well-behaved front end would), a pathway walked that way, and the checks that
// nothing was lost or duplicated: the projection's stage, and the timeline in PostgreSQL (seq 1..n,
// contiguous, each step's event exactly once).
import { randomUUID } from 'node:crypto';
import { createDataSource } from '@pathway/persistence';
import { eventually } from '@pathway/testing';
import { ALL_CRITERIA, Answer, Api, isoAgo, people, referral } from './api-support';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Answers a client may retry with the same key: the service is down (503), or the first attempt still runs (409 in progress). */
export function isRetryable(answer: Answer): boolean {
  return answer.status === 503 || answer.status === 502 || (answer.status === 409 && answer.body?.title === 'Request in progress');
}

export interface RetryLog {
  attempts: number;
  /** Statuses seen before the final one; 0 for a connection refused or reset. */
  transient: number[];
}

/** POST with `key` until an answer that is not retryable, or `deadlineMs` passes (then the last answer). */
export async function postUntilAnswered(api: Api, path: string, token: string, body: unknown, key: string, deadlineMs = 90_000, log?: RetryLog): Promise<Answer> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    if (log) log.attempts += 1;
    let answer: Answer | undefined;
    try {
      answer = await api.post(path, token, body, { idempotencyKey: key, signal: AbortSignal.timeout(45_000) });
      if (!isRetryable(answer)) return answer;
    } catch {
      // connection refused or reset: the API is restarting
    }
    log?.transient.push(answer?.status ?? 0);
    if (Date.now() > until) {
      if (answer) return answer;
      throw new Error(`POST ${path} got no answer within ${deadlineMs / 1000} s`);
    }
    await sleep(answer?.status === 409 ? 1000 : 300);
  }
}

/** The steps from referral to FOLLOW_UP, each as the event it must leave in the timeline exactly once. */
export const WALK_TO_FOLLOW_UP = [
  'REFERRAL_RECEIVED',
  'ELIGIBILITY_DECIDED',
  'CASE_MANAGER_ASSIGNED',
  'CONSENT_RECORDED',
  'ASSESSMENT_RECORDED',
  'PLAN_RECORDED',
  'PLAN_ACKNOWLEDGED',
] as const;

/**
 * Walks a new pathway from referral to FOLLOW_UP, every POST retried with its own key until answered.
 * `onStep` is told after each answered step (to time a fault). Returns the pathway id.
 */
export async function walkToFollowUp(api: Api, caseManagerId: string, onStep: () => void = () => undefined, log?: RetryLog): Promise<string> {
  const cm = people.caseManager(caseManagerId);
  const post = async (path: string, token: string, body: unknown, status = 200) => {
    const answer = await postUntilAnswered(api, path, token, body, randomUUID(), 90_000, log);
    if (answer.status !== status) throw new Error(`POST ${path}: expected ${status}, got ${answer.status}: ${answer.text.slice(0, 500)}`);
    onStep();
    return answer;
  };
  const referred = await post('/api/v1/pathways', people.intake, referral({ referredAt: isoAgo(60) }), 201);
  const at = (step: string) => `/api/v1/pathways/${referred.body.id}/${step}`;
  await post(at('eligibility'), people.intake, { decision: 'ACCEPTED', criteria: ALL_CRITERIA });
  await post(at('assignment'), people.supervisor, { caseManagerId });
  await post(at('consent'), cm, { given: true, at: isoAgo(5) });
  await post(at('assessments'), cm, { performedAt: isoAgo(4), mmse: 18, gir: 4, zarit: 35, summary: 'moderate decline' });
  await post(at('plans'), cm, { services: [{ type: 'SSIAD', provider: 'SSIAD Paris 11', frequency: 'daily', startsAt: isoAgo(0).slice(0, 10) }] });
  await post(at('plan-acknowledgements'), people.physician, { acknowledgedAt: new Date().toISOString(), comment: 'agreed' });
  return referred.body.id as string;
}

export interface Persisted {
  stage: string | null;
  version: number | null;
  seqs: number[];
  types: string[];
}

/** The projection row and the timeline of each pathway, read with a fresh connection (the server may have restarted). */
export async function persisted(databaseUrl: string, ids: string[]): Promise<Map<string, Persisted>> {
  const db = await createDataSource(databaseUrl, { poolSize: 1 }).initialize();
  try {
    const result = new Map<string, Persisted>();
    for (const id of ids) {
      const [row] = (await db.query('SELECT stage, projection_version AS version FROM pathways WHERE id = $1', [id])) as { stage: string; version: number }[];
      const events = (await db.query('SELECT seq, type FROM pathway_events WHERE pathway_id = $1 ORDER BY seq', [id])) as { seq: number; type: string }[];
      result.set(id, { stage: row?.stage ?? null, version: row?.version ?? null, seqs: events.map((e) => e.seq), types: events.map((e) => e.type) });
    }
    return result;
  } finally {
    await db.destroy();
  }
}

/**
 * Nothing lost, nothing twice: the timeline's seq runs 1..n without a gap, and each expected event type
 * is there exactly once. Fails naming the pathway and what is wrong.
 */
export function expectIntactTimeline(id: string, record: Persisted | undefined, expectedOnce: readonly string[]): void {
  if (!record) throw new Error(`pathway ${id}: no projection row`);
  const gaps = record.seqs.filter((seq, i) => seq !== i + 1);
  if (gaps.length) throw new Error(`pathway ${id}: timeline seq not contiguous from 1: ${record.seqs.join(',')}`);
  for (const type of expectedOnce) {
    const count = record.types.filter((t) => t === type).length;
    if (count !== 1) throw new Error(`pathway ${id}: ${type} appears ${count} times in the timeline (${record.types.join(', ')})`);
  }
}

/** Polls until `check` stops throwing (`@pathway/testing`); fails with its last error after `timeoutMs`. */
export async function eventuallyPasses(check: () => Promise<void>, timeoutMs: number, intervalMs = 500): Promise<void> {
  await eventually(check, { timeoutMs, intervalMs, message: 'the check to pass' });
}
