// What the API end-to-end suites share: tokens, an HTTP client that keeps status, headers and raw text,
// referral fixtures, and a way to walk a pathway to a stage through the real API.
import { createHmac, randomUUID } from 'node:crypto';

/** The local development secret (apps/api/src/auth/token-verifier.ts); the stack sets no AUTH_JWT_SECRET. */
const LOCAL_SECRET = process.env.AUTH_JWT_SECRET ?? 'care-pathway-local-development-secret';

/** Answers are read loosely: each test asserts the shape it cares about. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export type Role = 'intake' | 'case_manager' | 'supervisor' | 'physician' | 'admin' | 'service';

/** An HS256 token like `npm run token` mints (signed here with node:crypto: jose is ESM-only under Jest). */
/** `SubjectNameID` without `roles`: a care-team professional signed in with Pro Santé Connect (apps/api/src/auth/principal.ts). */
export function token(claims: { sub: string; roles?: Role[]; territory?: string; email?: string; SubjectNameID?: string }, secret = LOCAL_SECRET): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ ...claims, iat: now, exp: now + 3600 })}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

export interface Answer<T = Json> {
  status: number;
  body: T;
  text: string;
  contentType: string | null;
  headers: Headers;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  /** Sent as is (for malformed JSON or oversize bodies). */
  rawBody?: string;
  idempotencyKey?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export class Api {
  constructor(readonly baseUrl: string) {}

  async call<T = Json>(method: string, path: string, options: CallOptions = {}): Promise<Answer<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body, signal: options.signal });
    const text = await response.text();
    let parsed: unknown = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    return { status: response.status, body: parsed as T, text, contentType: response.headers.get('content-type'), headers: response.headers };
  }

  get<T = Json>(path: string, token: string): Promise<Answer<T>> {
    return this.call<T>('GET', path, { token });
  }

  post<T = Json>(path: string, token: string, body: unknown, options: Omit<CallOptions, 'token' | 'body'> = {}): Promise<Answer<T>> {
    return this.call<T>('POST', path, { ...options, token, body });
  }
}

/** Fails with the answer's text, so a wrong status explains itself in the test report. */
export function expectStatus(answer: Answer, status: number): void {
  if (answer.status !== status) {
    throw new Error(`expected HTTP ${status}, got ${answer.status}: ${answer.text.slice(0, 800)}`);
  }
}

/** Asserts a problem+json answer: its status, and that `detail` (or one of `errors`) names the problem. */
export function expectProblem(answer: Answer, status: number, mentions: RegExp, field?: string): void {
  expectStatus(answer, status);
  expect(answer.contentType).toMatch(/^application\/problem\+json/);
  expect(answer.body).toMatchObject({ status, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
  if (field !== undefined) {
    const errors = (answer.body.errors ?? []) as { field: string; message: string }[];
    const named = errors.filter((e) => e.field === field);
    if (named.length === 0) throw new Error(`expected an error for field ${field}, got ${JSON.stringify(errors)}`);
    expect(named.map((e) => e.message).join(' | ')).toMatch(mentions);
  } else {
    expect(answer.body.detail).toMatch(mentions);
  }
}

export const TERRITORY = 'T75-EST';
export const OTHER_TERRITORY = 'T13-NORD';
export const PHYSICIAN_EMAIL = 'dr.durand@cabinet.example';

/** Who calls, in the suites: one per role, in TERRITORY. */
export const people = {
  intake: token({ sub: 'intake-1', roles: ['intake'], territory: TERRITORY }),
  supervisor: token({ sub: 'sup-1', roles: ['supervisor'], territory: TERRITORY }),
  admin: token({ sub: 'admin-1', roles: ['admin'] }),
  physician: token({ sub: 'md-durand', roles: ['physician'], email: PHYSICIAN_EMAIL }),
  caseManager: (id: string) => token({ sub: id, roles: ['case_manager'], territory: TERRITORY }),
};

const isoAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

/** A valid referral for a new patient (unique external id) of TERRITORY. */
export function referral(overrides: { externalId?: string; territory?: string; physicianEmail?: string; referredAt?: string } = {}) {
  return {
    patient: {
      externalId: overrides.externalId ?? `NIR-${randomUUID()}`,
      firstName: 'Jeanne',
      lastName: 'Martin',
      birthDate: '1943-05-02',
      territory: overrides.territory ?? TERRITORY,
    },
    referral: { source: 'Dr Durand (GP)', referredAt: overrides.referredAt ?? isoAgo(60), diagnosis: 'Alzheimer disease, moderate' },
    physician: { name: 'Dr Durand', email: overrides.physicianEmail ?? PHYSICIAN_EMAIL },
    caregiver: { name: 'Claire Martin', email: 'claire@example.org', relationship: 'daughter' },
  };
}

export const ALL_CRITERIA = { unstableSituation: true, insufficientCare: true, noCoordinator: true };

export async function createCaseManager(api: Api, id: string, capacity?: number, territory = TERRITORY): Promise<void> {
  const created = await api.post('/api/v1/case-managers', people.admin, { id, name: `Case manager ${id}`, email: `${id}@dac.example`, territory, capacity });
  expectStatus(created, 201);
}

/** Referral (201) → eligibility accepted: the pathway waits for a case manager. Returns its id. */
export async function awaitingAssignment(api: Api, body = referral(), intake = people.intake): Promise<string> {
  const referred = await api.post('/api/v1/pathways', intake, body);
  expectStatus(referred, 201);
  const accepted = await api.post(`/api/v1/pathways/${referred.body.id}/eligibility`, intake, { decision: 'ACCEPTED', criteria: ALL_CRITERIA });
  expectStatus(accepted, 200);
  return referred.body.id as string;
}

/** ... → assigned to `caseManagerId` → consent given: ready for the assessment. */
export async function inAssessment(api: Api, caseManagerId: string): Promise<string> {
  const id = await awaitingAssignment(api);
  expectStatus(await api.post(`/api/v1/pathways/${id}/assignment`, people.supervisor, { caseManagerId }), 200);
  expectStatus(await api.post(`/api/v1/pathways/${id}/consent`, people.caseManager(caseManagerId), { given: true, at: isoAgo(5) }), 200);
  return id;
}

/** ... → assessed → plan recorded (PLAN_VALIDATION). */
export async function inPlanValidation(api: Api, caseManagerId: string): Promise<string> {
  const id = await inAssessment(api, caseManagerId);
  const cm = people.caseManager(caseManagerId);
  expectStatus(await api.post(`/api/v1/pathways/${id}/assessments`, cm, { performedAt: isoAgo(4), mmse: 18, gir: 4, zarit: 35, summary: 'moderate decline' }), 200);
  expectStatus(await api.post(`/api/v1/pathways/${id}/plans`, cm, { services: [{ type: 'SSIAD', provider: 'SSIAD Paris 11', frequency: 'daily', startsAt: isoAgo(0).slice(0, 10) }] }), 200);
  return id;
}

/** Runs `work` on every item with at most `width` in flight. */
export async function inBatches<T, R>(items: T[], width: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index], index);
      }
    }),
  );
  return results;
}

export { isoAgo };
