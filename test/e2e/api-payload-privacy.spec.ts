// No health data in clear in the workflow engine (issue 7): the raw history of a pathway, read straight
// from the Temporal server with the official CLI and no codec, holds neither the patient's names nor the
// assessment, even base64-decoded. Then the codec endpoint (what the Web UI and the CLI use to show
// those payloads to authorised staff) decodes the same history, for a supervisor only.
import { execFileSync } from 'node:child_process';
import { startStack, Stack } from '../support/stack';
import { ALL_CRITERIA, Api, createCaseManager, expectProblem, expectStatus, isoAgo, token } from './api-support';
import { AuditReader, requestId } from './security-support';
const { temporalCliPath } = require('../../infra/tools.cjs') as { temporalCliPath(): string };

const TERRITORY = 'T75-PRIVACY';
const intake = token({ sub: 'intake-privacy', roles: ['intake'], territory: TERRITORY });
const supervisor = token({ sub: 'sup-privacy', roles: ['supervisor'], territory: TERRITORY });
const caseManager = token({ sub: 'cm-privacy', roles: ['case_manager'], territory: TERRITORY });

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

  it('every payload in it is encrypted, with the key id in its metadata; search attributes and patch markers aside', () => {
    // Search attributes and the SDK's patch markers (`patched()`) never go through the codec: in clear by
    // design, and checked above to hold ids, stages, dates and patch ids only.
    type Found = { metadata: Record<string, string>; inClearByDesign: boolean };
    const payloads: Found[] = [];
    const collect = (value: unknown, inClearByDesign: boolean): void => {
      if (Array.isArray(value)) value.forEach((v) => collect(v, inClearByDesign));
      else if (value && typeof value === 'object') {
        const v = value as { metadata?: Record<string, string> };
        if (typeof v.metadata?.encoding === 'string') payloads.push({ metadata: v.metadata, inClearByDesign });
        for (const [key, child] of Object.entries(value)) collect(child, inClearByDesign || key === 'searchAttributes' || key === 'patch-data');
      }
    };
    collect(JSON.parse(history), false);
    const encodingOf = (p: Found) => Buffer.from(p.metadata.encoding, 'base64').toString();
    const payloadsProper = payloads.filter((p) => !p.inClearByDesign);
    expect(payloadsProper.length).toBeGreaterThan(10);
    expect([...new Set(payloadsProper.map(encodingOf))]).toEqual(['binary/encrypted']);
    expect(payloadsProper.every((p) => p.metadata['encryption-key-id'])).toBe(true);
  });

  it('its search attributes and memo (describe) hold ids, stages and dates only', () => {
    expect(found(readableTexts(temporal('workflow', 'describe', '--workflow-id', `pathway-${pathwayId}`, '--output', 'json')))).toEqual([]);
  });
});

describe('the codec endpoint, which shows those payloads to authorised staff', () => {
  /** The encrypted payloads of the history, as the Web UI sends them to /codec/decode. */
  const encryptedPayloads = () => {
    const events = JSON.parse(history).events as Record<string, unknown>[];
    const started = events[0].workflowExecutionStartedEventAttributes as { input: { payloads: unknown[] } };
    return started.input.payloads;
  };

  it('decodes the real payload of the referral for a supervisor: the names are in it', async () => {
    const id = requestId('codec-decode');
    const answer = await api.call('POST', '/codec/decode', { token: supervisor, body: { payloads: encryptedPayloads() }, headers: { 'x-request-id': id, 'x-namespace': stack.temporalNamespace } });
    expectStatus(answer, 200);
    const [decoded] = answer.body.payloads as { metadata: Record<string, string>; data: string }[];
    expect(Buffer.from(decoded.metadata.encoding, 'base64').toString()).toBe('json/plain');
    const input = JSON.parse(Buffer.from(decoded.data, 'base64').toString('utf8'));
    expect(input).toMatchObject({ pathwayId, referral: { patient } });
    const audit = await AuditReader.connect(stack.databaseUrl);
    try {
      expect((await audit.eventsOf([id]))[0]).toMatchObject({ actor: 'sup-privacy', route: '/codec/decode', action: 'CodecController.decode', outcome: 'allowed', details: { payloads: 1 } });
    } finally {
      await audit.close();
    }
  });

  it('encodes what it is given (a signal typed in the Web UI) into a payload the worker can read', async () => {
    const plain = { metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from('{"note":"test"}').toString('base64') };
    const encoded = await api.post('/codec/encode', supervisor, { payloads: [plain] });
    expectStatus(encoded, 200);
    expect(Buffer.from(encoded.body.payloads[0].metadata.encoding, 'base64').toString()).toBe('binary/encrypted');
    const roundTrip = await api.post('/codec/decode', supervisor, { payloads: encoded.body.payloads });
    expect(roundTrip.body.payloads).toEqual([plain]);
  });

  it('refuses a case manager (403), a caller without a token (401), and a tampered payload (422)', async () => {
    expectProblem(await api.post('/codec/decode', caseManager, { payloads: encryptedPayloads() }), 403, /needs one of the roles supervisor, admin/);
    expectProblem(await api.call('POST', '/codec/decode', { body: { payloads: encryptedPayloads() } }), 401, /bearer token is required/);
    const [payload] = encryptedPayloads() as { metadata: Record<string, string>; data: string }[];
    const bytes = Buffer.from(payload.data, 'base64');
    bytes[bytes.length - 1] ^= 1;
    expectProblem(await api.post('/codec/decode', supervisor, { payloads: [{ ...payload, data: bytes.toString('base64') }] }), 422, /does not authenticate/);
    expectProblem(await api.post('/codec/decode', supervisor, { payloads: [{ metadata: { encoding: 'not base64!' }, data: '' }] }), 400, /must be a base64 string/, 'payloads[0].metadata.encoding');
  });

  it('serves the Temporal CLI: `temporal workflow show --codec-endpoint ... --codec-auth` shows the history decoded', () => {
    const decoded = temporal('workflow', 'show', '--workflow-id', `pathway-${pathwayId}`, '--output', 'json', '--codec-endpoint', `${stack.apiUrl}/codec`, '--codec-auth', `Bearer ${supervisor}`);
    const texts = readableTexts(decoded);
    // The very check that found nothing in the raw history finds the patient once decoded: it would have caught a leak.
    expect(found(texts)).toEqual(expect.arrayContaining([patient.lastName, assessment.summary, '"mmse"']));
  });

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
