// No health data in clear in the workflow engine (issue 7): the raw history of a pathway, read straight
// from the Temporal server with the official CLI and no codec, holds neither the patient's names nor the
// assessment, even base64-decoded. Then the codec endpoint (what the Web UI and the CLI use to show
// those payloads to authorised staff) decodes the same history, only for those who may read the pathway.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import { DEFAULT_POLICY } from '@pathway/domain';
import { AesGcmPayloadCodec, WORKFLOW_ID_METADATA } from '@pathway/payload-codec';
import { DEFAULT_TASK_QUEUE, failureConverterPath, PATHWAY_WORKFLOW_TYPE, pathwayWorkflowId, referralRecorded } from '@pathway/workflows';
import { startStack, Stack } from '../support/stack';
import { ALL_CRITERIA, Api, createCaseManager, expectProblem, expectStatus, isoAgo, token } from './api-support';
import { AuditReader, requestId } from './security-support';
const { temporalCliPath } = require('../../infra/tools.cjs') as { temporalCliPath(): string };

const TERRITORY = 'T75-PRIVACY';
const intake = token({ sub: 'intake-privacy', roles: ['intake'], territory: TERRITORY });
const supervisor = token({ sub: 'sup-privacy', roles: ['supervisor'], territory: TERRITORY });
const caseManager = token({ sub: 'cm-privacy', roles: ['case_manager'], territory: TERRITORY });
const FAR_TERRITORY = 'T13-PRIVACY';
const farIntake = token({ sub: 'intake-far', roles: ['intake'], territory: FAR_TERRITORY });

// Values nobody could find in a history by chance.
const patient = { externalId: 'NIR-2380714-PRIVACY', firstName: 'Zéphyrine', lastName: 'Quillebeuf-Marchandeau', birthDate: '1938-07-14', territory: TERRITORY };
const caregiver = { name: 'Ombeline Quillebeuf', email: 'ombeline.q@example.org', phone: '+33 6 12 34 56 78', relationship: 'niece' };
const assessment = {
  mmse: 17,
  gir: 3,
  zarit: 41,
  livingSituation: 'lives alone above the Boulangerie Pimprenelle',
  summary: 'Apraxie sévère constatée au domicile Quillebeuf; déambulation nocturne',
};
/** What must not appear, in clear or base64-decoded, anywhere in the history. */
const SECRETS = [
  patient.firstName,
  patient.lastName,
  patient.externalId,
  patient.birthDate,
  caregiver.name,
  caregiver.email,
  caregiver.phone,
  assessment.livingSituation,
  assessment.summary,
  'Pimprenelle',
  'Apraxie',
  'Alzheimer',
  // The assessment's scores, as a JSON payload in clear would carry them. (Quoted: a bare "mmse" could
  // turn up by chance inside a long base64 string; a quote cannot.)
  '"mmse"',
  '"zarit"',
  '"mmse":17',
  '"gir":3',
  '"zarit":41',
];

let stack: Stack;
let api: Api;
let pathwayId: string;
let history: string;
/** A pathway of another territory, and its history: what a supervisor of TERRITORY must not decode. */
let farPathwayId: string;
let farHistory: string;

const temporal = (...args: string[]) =>
  execFileSync(temporalCliPath(), [...args, '--address', stack.temporalAddress, '--namespace', stack.temporalNamespace], { encoding: 'utf8', maxBuffer: 64 << 20 });

beforeAll(async () => {
  stack = await startStack();
  api = new Api(stack.apiUrl);
  await createCaseManager(api, 'cm-privacy', undefined, TERRITORY);
  const referred = await api.post('/api/v1/pathways', intake, {
    patient,
    referral: { source: 'Dr Vasquez-Prudhomme (GP)', referredAt: isoAgo(60), diagnosis: 'Alzheimer disease, moderate' },
    physician: { name: 'Dr Anatole Vasquez-Prudhomme', email: 'anatole.vp@cabinet.example' },
    caregiver,
  });
  expectStatus(referred, 201);
  pathwayId = referred.body.id;
  const at = (step: string) => `/api/v1/pathways/${pathwayId}/${step}`;
  expectStatus(await api.post(at('eligibility'), intake, { decision: 'ACCEPTED', criteria: ALL_CRITERIA }), 200);
  expectStatus(await api.post(at('assignment'), supervisor, { caseManagerId: 'cm-privacy' }), 200);
  expectStatus(await api.post(at('consent'), caseManager, { given: true, at: isoAgo(10) }), 200);
  expectStatus(await api.post(at('assessments'), caseManager, { performedAt: isoAgo(5), ...assessment }), 200);
  // A step the workflow rejects (409): its validator's answer must not carry patient data either.
  expectProblem(await api.post(at('hospitalizations/current/discharge'), caseManager, { dischargedAt: isoAgo(1), destination: 'HOME' }), 409, /not in hospital/);
  // A plan, so the history also holds an update whose input names a provider.
  expectStatus(await api.post(at('plans'), caseManager, { services: [{ type: 'SSIAD', provider: 'SSIAD Quillebeuf-sur-Mer', frequency: 'daily', startsAt: isoAgo(0).slice(0, 10) }] }), 200);
  history = temporal('workflow', 'show', '--workflow-id', `pathway-${pathwayId}`, '--output', 'json');
  const far = await api.post('/api/v1/pathways', farIntake, {
    patient: { externalId: 'NIR-FAR-PRIVACY', firstName: 'Aristide', lastName: 'Lointain-Marseillais', birthDate: '1941-03-09', territory: FAR_TERRITORY },
    referral: { source: 'Dr Far', referredAt: isoAgo(2) },
    physician: { name: 'Dr Far', email: 'dr.far@cabinet.example' },
  });
  expectStatus(far, 201);
  farPathwayId = far.body.id;
  farHistory = temporal('workflow', 'show', '--workflow-id', `pathway-${farPathwayId}`, '--output', 'json');
}, 120_000);
afterAll(() => stack?.stop());

/** The JSON document itself, every key and string in it, and each string's base64 decoding when it is base64. */
function readableTexts(json: string): string[] {
  const texts: string[] = [json];
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      texts.push(value);
      if (value.length >= 4 && /^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) {
        const bytes = Buffer.from(value, 'base64');
        texts.push(bytes.toString('utf8'), bytes.toString('latin1'));
      }
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      texts.push(...Object.keys(value));
      Object.values(value).forEach(visit);
    }
  };
  visit(JSON.parse(json));
  return texts;
}

function found(texts: string[]): string[] {
  return SECRETS.filter((secret) => texts.some((text) => text.includes(secret)));
}

describe('the raw history of a pathway, read from the Temporal server without the codec', () => {
  it('is the real history: referral, steps and updates are all there', () => {
    const events = JSON.parse(history).events as { eventType: string }[];
    const types = events.map((e) => e.eventType);
    expect(types[0]).toMatch(/WORKFLOW_EXECUTION_STARTED/);
    // Referral recorded, eligibility, assignment, consent, assessment, plan: six accepted updates.
    expect(types.filter((t) => /UPDATE_ACCEPTED/.test(t)).length).toBeGreaterThanOrEqual(6);
    expect(types.filter((t) => /ACTIVITY_TASK_COMPLETED/.test(t)).length).toBeGreaterThan(0);
  });

  it("holds neither the patient's names nor the assessment, in clear or base64-decoded", () => {
    expect(found(readableTexts(history))).toEqual([]);
  });

  it('every payload in it is encrypted, with the key id in its metadata; search attributes, patch markers and headers aside', () => {
    // Search attributes, the SDK's patch markers (`patched()`) and headers never go through the codec: in
    // clear by design, and checked to hold ids, stages, dates, patch ids and trace context only.
    type Found = { metadata: Record<string, string>; inClearByDesign: boolean };
    const payloads: Found[] = [];
    const collect = (value: unknown, inClearByDesign: boolean): void => {
      if (Array.isArray(value)) value.forEach((v) => collect(v, inClearByDesign));
      else if (value && typeof value === 'object') {
        const v = value as { metadata?: Record<string, string> };
        if (typeof v.metadata?.encoding === 'string') payloads.push({ metadata: v.metadata, inClearByDesign });
        for (const [key, child] of Object.entries(value)) collect(child, inClearByDesign || key === 'searchAttributes' || key === 'patch-data' || key === 'header');
      }
    };
    collect(JSON.parse(history), false);
    const encodingOf = (p: Found) => Buffer.from(p.metadata.encoding, 'base64').toString();
    const payloadsProper = payloads.filter((p) => !p.inClearByDesign);
    expect(payloadsProper.length).toBeGreaterThan(10);
    expect([...new Set(payloadsProper.map(encodingOf))]).toEqual(['binary/encrypted']);
    expect(payloadsProper.every((p) => p.metadata['encryption-key-id'])).toBe(true);
  });

  it("its headers carry only OpenTelemetry's trace context (ids), never a step's data", () => {
    const headers: Array<[string, string]> = [];
    const collect = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(collect);
      else if (value && typeof value === 'object') {
        for (const [key, child] of Object.entries(value)) {
          if (key === 'header' && child && typeof child === 'object') {
            const fields = (child as { fields?: Record<string, { data?: string }> }).fields ?? {};
            for (const [name, payload] of Object.entries(fields)) headers.push([name, Buffer.from(payload.data ?? '', 'base64').toString()]);
          } else collect(child);
        }
      }
    };
    collect(JSON.parse(history));
    for (const [name, data] of headers) {
      expect(name).toBe('_tracer-data');
      expect(Object.keys(JSON.parse(data) as object).filter((key) => !['traceparent', 'tracestate'].includes(key))).toEqual([]);
    }
  });

  it('its search attributes and memo (describe) hold ids, stages and dates only', () => {
    expect(found(readableTexts(temporal('workflow', 'describe', '--workflow-id', `pathway-${pathwayId}`, '--output', 'json')))).toEqual([]);
  });
});

type PayloadJson = { metadata: Record<string, string>; data: string };
/** The encrypted payload of the referral in a history (the workflow's input), as the Web UI sends it to /codec/decode. */
const referralPayloads = (json: string): PayloadJson[] => {
  const events = JSON.parse(json).events as Record<string, unknown>[];
  return (events[0].workflowExecutionStartedEventAttributes as { input: { payloads: PayloadJson[] } }).input.payloads;
};
const decodedInput = (answer: { body: { payloads: PayloadJson[] } }) => JSON.parse(Buffer.from(answer.body.payloads[0].data, 'base64').toString('utf8'));

describe('the codec endpoint, which shows those payloads to whoever may read the pathway', () => {
  const encryptedPayloads = () => referralPayloads(history);
  const people = {
    'supervisor of the territory': supervisor,
    'supervisor of another territory': token({ sub: 'sup-far', roles: ['supervisor'], territory: FAR_TERRITORY }),
    'supervisor without a territory': token({ sub: 'sup-nowhere', roles: ['supervisor'] }),
    'its case manager': caseManager,
    'another case manager': token({ sub: 'cm-other', roles: ['case_manager'], territory: TERRITORY }),
    'its physician (email claim)': token({ sub: 'md-vp', roles: ['physician'], email: 'anatole.vp@cabinet.example' }),
    'a physician named by sub only': token({ sub: 'anatole.vp@cabinet.example', roles: ['physician'] }),
    admin: token({ sub: 'admin-privacy', roles: ['admin'] }),
    'service identity': token({ sub: 'svc-privacy', roles: ['service'] }),
  };
  // Who gets the referral's plaintext, and what the others get instead (GET /pathways/{id} answers the same way).
  const MATRIX: [keyof typeof people, number, RegExp | null][] = [
    ['supervisor of the territory', 200, null],
    ['supervisor of another territory', 404, /payloads\[0\] belongs to pathway .*, which does not exist or is not yours to read/],
    ['supervisor without a territory', 403, /reaches no pathway .*territory claim/],
    ['its case manager', 200, null],
    ['another case manager', 404, /is not yours to read/],
    ['its physician (email claim)', 200, null],
    ['a physician named by sub only', 403, /reaches no pathway .*email claim/],
    ['admin', 200, null],
    ['service identity', 200, null],
  ];

  it.each(MATRIX)('%s → %s', async (who, status, detail) => {
    const id = requestId('codec-matrix');
    const answer = await api.call('POST', '/codec/decode', { token: people[who], body: { payloads: encryptedPayloads() }, headers: { 'x-request-id': id, 'x-namespace': stack.temporalNamespace } });
    if (status === 200) {
      expectStatus(answer, 200);
      expect(Buffer.from(answer.body.payloads[0].metadata.encoding, 'base64').toString()).toBe('json/plain');
      expect(decodedInput(answer)).toMatchObject({ pathwayId, referral: { patient } });
    } else {
      expectProblem(answer, status, detail as RegExp);
      expect(answer.text).not.toContain(patient.lastName);
    }
    // Every call, allowed or not, is in the trail under the pathway: "who saw this pathway" finds it.
    const audit = await AuditReader.connect(stack.databaseUrl);
    try {
      expect((await audit.eventsOf([id]))[0]).toMatchObject({
        route: '/codec/decode',
        action: 'CodecController.decode',
        pathwayId,
        status,
        outcome: status === 200 ? 'allowed' : 'denied',
        details: { payloads: 1, listed: [pathwayId] },
      });
    } finally {
      await audit.close();
    }
  });

  it("a supervisor of the territory decodes their own pathway's payloads, not another territory's, even relabelled", async () => {
    const [far] = referralPayloads(farHistory);
    expect(Buffer.from(far.metadata[WORKFLOW_ID_METADATA], 'base64').toString()).toBe(`pathway-${farPathwayId}`);
    expectProblem(await api.post('/codec/decode', supervisor, { payloads: [far] }), 404, new RegExp(`belongs to pathway ${farPathwayId}`));
    // Mixed in with one of their own: nothing of either comes back.
    const mixed = await api.post('/codec/decode', supervisor, { payloads: [...encryptedPayloads(), far] });
    expectProblem(mixed, 404, /payloads\[1\] belongs to pathway/);
    expect(mixed.text).not.toContain(patient.lastName);
    // The far payload claiming to be of their own pathway: the workflow id is authenticated data, so it does not decrypt.
    const relabelled = { ...far, metadata: { ...far.metadata, [WORKFLOW_ID_METADATA]: Buffer.from(`pathway-${pathwayId}`).toString('base64') } };
    expectProblem(await api.post('/codec/decode', supervisor, { payloads: [relabelled] }), 422, /does not authenticate/);
    // Nor claiming no workflow at all, which only a service may decode.
    const { [WORKFLOW_ID_METADATA]: _, ...unboundMetadata } = far.metadata;
    expectProblem(await api.post('/codec/decode', people['service identity'], { payloads: [{ ...far, metadata: unboundMetadata }] }), 422, /does not authenticate/);
  });

  it('decodes a payload written before the binding (no workflow id) for a service identity or an admin only', async () => {
    const [old] = await AesGcmPayloadCodec.fromEnv(stack.env).encode([{ metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('{"note":"older history"}') }]);
    const legacy = { metadata: Object.fromEntries(Object.entries(old.metadata!).map(([k, v]) => [k, Buffer.from(v!).toString('base64')])), data: Buffer.from(old.data!).toString('base64') };
    expect(legacy.metadata[WORKFLOW_ID_METADATA]).toBeUndefined();
    for (const who of ['service identity', 'admin'] as const) {
      const answer = await api.post('/codec/decode', people[who], { payloads: [legacy] });
      expectStatus(answer, 200);
      expect(decodedInput(answer)).toEqual({ note: 'older history' });
    }
    expectProblem(await api.post('/codec/decode', supervisor, { payloads: [legacy] }), 403, /payloads\[0\] names no workflow .*only an admin or a service identity/);
  });

  it('encodes for a service identity only (a person has no use for ciphertext the worker trusts)', async () => {
    const plain = { metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from('{"note":"test"}').toString('base64') };
    const encoded = await api.post('/codec/encode', people['service identity'], { payloads: [plain] });
    expectStatus(encoded, 200);
    expect(Buffer.from(encoded.body.payloads[0].metadata.encoding, 'base64').toString()).toBe('binary/encrypted');
    const roundTrip = await api.post('/codec/decode', people['service identity'], { payloads: encoded.body.payloads });
    expect(roundTrip.body.payloads).toEqual([plain]);
    for (const who of ['supervisor of the territory', 'admin', 'its case manager'] as const) {
      expectProblem(await api.post('/codec/encode', people[who], { payloads: [plain] }), 403, /needs one of the roles service/);
    }
  });

  it('a service identity, for all it may decode, reads no pathway through the API', async () => {
    expectProblem(await api.get('/api/v1/pathways', people['service identity']), 403, /no role that reaches pathways/);
    expectProblem(await api.get(`/api/v1/pathways/${pathwayId}`, people['service identity']), 404, /there is no pathway/);
  });

  it('refuses a caller without a token (401), a tampered payload (422), and bad base64 (400)', async () => {
    expectProblem(await api.call('POST', '/codec/decode', { body: { payloads: encryptedPayloads() } }), 401, /bearer token is required/);
    const [payload] = encryptedPayloads();
    const bytes = Buffer.from(payload.data, 'base64');
    bytes[bytes.length - 1] ^= 1;
    expectProblem(await api.post('/codec/decode', supervisor, { payloads: [{ ...payload, data: bytes.toString('base64') }] }), 422, /does not authenticate/);
    expectProblem(await api.post('/codec/decode', supervisor, { payloads: [{ metadata: { encoding: 'not base64!' }, data: '' }] }), 400, /must be a base64 string/, 'payloads[0].metadata.encoding');
  });

  it('is rate-limited per token: past the burst, 429 with Retry-After', async () => {
    const harvester = token({ sub: 'sup-harvester', roles: ['supervisor'], territory: TERRITORY });
    const started = Date.now();
    const answers = await Promise.all(Array.from({ length: 130 }, () => api.post('/codec/decode', harvester, { payloads: encryptedPayloads() })));
    const seconds = (Date.now() - started) / 1000;
    const passed = answers.filter((a) => a.status === 200).length;
    // The burst of 100, plus what 60 a minute refills while the calls are under way (a loaded machine takes seconds).
    expect(passed).toBeGreaterThanOrEqual(100);
    expect(passed).toBeLessThanOrEqual(100 + Math.ceil(seconds) + 1);
    const refused = answers.filter((a) => a.status !== 200);
    expect(refused.length).toBe(130 - passed);
    expectProblem(refused[0], 429, /too many codec calls from this token: at most 100 at once, then 60 a minute/);
    expect(refused.every((a) => a.status === 429 && !a.text.includes(patient.lastName))).toBe(true);
    expect(Number(refused[0].headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Another token is not held back by it.
    expectStatus(await api.post('/codec/decode', supervisor, { payloads: [] }), 200);
  });

  it('serves the Temporal CLI: `temporal workflow show --codec-endpoint ... --codec-auth` shows the history decoded', () => {
    const decoded = temporal('workflow', 'show', '--workflow-id', `pathway-${pathwayId}`, '--output', 'json', '--codec-endpoint', `${stack.apiUrl}/codec`, '--codec-auth', `Bearer ${supervisor}`);
    const texts = readableTexts(decoded);
    // The very check that found nothing in the raw history finds the patient once decoded: it would have caught a leak.
    expect(found(texts)).toEqual(expect.arrayContaining([patient.lastName, assessment.summary, '"mmse"']));
  });

  it('shows the CLI of a supervisor of another territory nothing of the history', async () => {
    const other = token({ sub: 'sup-far-cli', roles: ['supervisor'], territory: FAR_TERRITORY });
    let output: string;
    try {
      // Asynchronously: the CLI retries the refused decode for about 10 s, and a blocked test process would lose its HTTP sockets.
      const args = ['workflow', 'show', '--workflow-id', `pathway-${pathwayId}`, '--output', 'json', '--codec-endpoint', `${stack.apiUrl}/codec`, '--codec-auth', `Bearer ${other}`];
      output = (await promisify(execFile)(temporalCliPath(), [...args, '--address', stack.temporalAddress, '--namespace', stack.temporalNamespace], { encoding: 'utf8', maxBuffer: 64 << 20 })).stdout;
    } catch (err) {
      output = String((err as { stdout?: unknown }).stdout ?? '') + String((err as { stderr?: unknown }).stderr ?? '');
    }
    expect(SECRETS.filter((secret) => output.includes(secret))).toEqual([]);
  }, 60_000);

  it('answers the Web UI’s CORS preflight for its origin only, before any token is asked for', async () => {
    const preflight = (origin: string) =>
      api.call('OPTIONS', '/codec/decode', { headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-namespace,authorization' } });
    for (const origin of ['http://127.0.0.1:8233', 'http://localhost:8233']) {
      const answer = await preflight(origin);
      expect(answer.status).toBe(204);
      expect(Object.fromEntries([...answer.headers.entries()].filter(([k]) => k.startsWith('access-control-')))).toEqual({
        'access-control-allow-origin': origin,
        'access-control-allow-credentials': 'true',
        'access-control-allow-methods': 'POST, OPTIONS',
        'access-control-allow-headers': 'Authorization, Content-Type, X-Namespace',
        'access-control-max-age': '600',
      });
    }
    const foreign = await preflight('https://evil.example');
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    // The answer itself carries the header too, so the UI can read it (or its 401).
    const decoded = await api.call('POST', '/codec/decode', { token: supervisor, body: { payloads: [] }, headers: { origin: 'http://127.0.0.1:8233' } });
    expect(decoded.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:8233');
    expect(decoded.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    // The API's other routes are not open to other origins.
    expect((await api.call('GET', '/api/v1/pathways', { token: supervisor, headers: { origin: 'http://127.0.0.1:8233' } })).headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('a history begun before payloads were bound to their workflow', () => {
  it('the worker still reads it and its steps go on; its old payloads decode for a service identity only, its new ones for the readers of the pathway', async () => {
    // The codec as it was: the SDK's serialization context ignored, so nothing names the workflow.
    const codec = AesGcmPayloadCodec.fromEnv(stack.env);
    const before = { encode: (payloads: Payload[]) => codec.encode(payloads), decode: (payloads: Payload[]) => codec.decode(payloads) };
    const connection = await Connection.connect({ address: stack.temporalAddress });
    try {
      const client = new Client({ connection, namespace: stack.temporalNamespace, dataConverter: { payloadCodecs: [before], failureConverterPath } });
      const id = randomUUID();
      const oldPatient = { externalId: 'NIR-OLD-PRIVACY', firstName: 'Honorine', lastName: 'Avant-Liaison', birthDate: '1936-01-05', territory: TERRITORY };
      const handle = await client.workflow.start(PATHWAY_WORKFLOW_TYPE, {
        workflowId: pathwayWorkflowId(id),
        taskQueue: DEFAULT_TASK_QUEUE,
        args: [{ pathwayId: id, policy: DEFAULT_POLICY, referral: { patient: oldPatient, referral: { source: 'Dr Old', referredAt: isoAgo(3) }, physician: { name: 'Dr Old', email: 'dr.old@cabinet.example' } }, actor: 'intake-privacy' }],
      });
      await handle.executeUpdate(referralRecorded);
      // Through today's API (bound payloads) on the same history: the worker reads both kinds.
      expectStatus(await api.post(`/api/v1/pathways/${id}/eligibility`, intake, { decision: 'ACCEPTED', criteria: ALL_CRITERIA }), 200);
      expect((await api.get(`/api/v1/pathways/${id}`, supervisor)).body).toMatchObject({ stage: 'AWAITING_ASSIGNMENT' });

      const mixed = temporal('workflow', 'show', '--workflow-id', pathwayWorkflowId(id), '--output', 'json');
      const [old] = referralPayloads(mixed);
      expect(old.metadata[WORKFLOW_ID_METADATA]).toBeUndefined();
      const updates = (JSON.parse(mixed).events as Record<string, { acceptedRequest?: { input?: { args?: { payloads: PayloadJson[] } } } }>[])
        .flatMap((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.args?.payloads ?? []);
      const bound = updates.filter((p) => p.metadata[WORKFLOW_ID_METADATA]);
      expect(bound.length).toBeGreaterThan(0);

      expectProblem(await api.post('/codec/decode', supervisor, { payloads: [old] }), 403, /names no workflow/);
      expectStatus(await api.post('/codec/decode', supervisor, { payloads: bound }), 200);
      const asService = await api.post('/codec/decode', token({ sub: 'svc-old', roles: ['service'] }), { payloads: [old, ...bound] });
      expectStatus(asService, 200);
      expect(decodedInput(asService)).toMatchObject({ pathwayId: id, referral: { patient: oldPatient } });
    } finally {
      await connection.close();
    }
  }, 60_000);
});
