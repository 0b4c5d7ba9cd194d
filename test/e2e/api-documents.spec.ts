// Documents attached to a pathway (issue 19), over HTTP against the whole stack: upload, list and download
// round-trip the bytes; the type is read from the content (a renamed executable is refused, 415); the
// stored bytes are not the plaintext (read from PostgreSQL); a case manager of another pathway gets 404;
// every download is a row of the audit trail; a discharge letter meets the discharge-letter deadline.
import { randomUUID } from 'node:crypto';
import { listAuditEvents } from '@pathway/persistence';
import { startStack, Stack } from '../support/stack';
import { eventually } from '@pathway/testing';
import { Api, createCaseManager, expectProblem, expectStatus, inAssessment, isoAgo, people } from './api-support';
import { AuditReader } from './security-support';

let stack: Stack;
let api: Api;
let db: AuditReader;
const CM = 'cm-doc-agnes';
const OTHER_CM = 'cm-doc-basile';
const cm = people.caseManager(CM);

beforeAll(async () => {
  stack = await startStack();
  api = new Api(stack.apiUrl);
  db = await AuditReader.connect(stack.databaseUrl);
  await createCaseManager(api, CM, 100);
  await createCaseManager(api, OTHER_CM, 100);
}, 120_000);
afterAll(async () => {
  await db?.close();
  await stack?.stop();
});

/** A small but real PDF naming the patient (so "not the plaintext" is checked on something to hide). */
const LETTER = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n' +
    '% Compte rendu de sortie - Mme Jeanne Martin - CHU Est\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
/** An ELF executable's first bytes, named like a letter and declared a PDF. */
const EXECUTABLE = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(256, 0x90)]);

async function upload(pathwayId: string, token: string, file: Buffer, fields: Record<string, string>, name = 'lettre.pdf', type = 'application/pdf', requestId?: string) {
  const form = new FormData();
  form.set('file', new Blob([file], { type }), name);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  const response = await fetch(`${stack.apiUrl}/api/v1/pathways/${pathwayId}/documents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, ...(requestId ? { 'x-request-id': requestId } : {}) },
    body: form,
  });
  const text = await response.text();
  return { status: response.status, text, body: text ? JSON.parse(text) : undefined, contentType: response.headers.get('content-type'), headers: response.headers };
}

async function download(pathwayId: string, documentId: string, token: string, requestId: string) {
  const response = await fetch(`${stack.apiUrl}/api/v1/pathways/${pathwayId}/documents/${documentId}/content`, {
    headers: { authorization: `Bearer ${token}`, 'x-request-id': requestId },
  });
  return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()), headers: response.headers };
}

describe('documents of a pathway', () => {
  it('upload, list, download round-trip the bytes; stored encrypted; another case manager gets 404; downloads audited', async () => {
    const id = await inAssessment(api, CM);
    const uploaded = await upload(id, cm, LETTER, { kind: 'MEDICAL_CERTIFICATE', documentDate: isoAgo(60 * 24).slice(0, 10), title: 'Certificat du Dr Durand' });
    if (uploaded.status !== 201) throw new Error(`upload: ${uploaded.status} ${uploaded.text}`);
    expect(uploaded.body).toMatchObject({ kind: 'MEDICAL_CERTIFICATE', contentType: 'application/pdf', sizeBytes: LETTER.length, fileName: 'lettre.pdf', uploadedBy: CM });
    const documentId = uploaded.body.id as string;

    const listed = await api.get(`/api/v1/pathways/${id}/documents`, cm);
    expectStatus(listed, 200);
    expect(listed.body).toEqual([uploaded.body]);
    // The workflow holds the reference: the timeline shows it.
    const timeline = await api.get(`/api/v1/pathways/${id}/timeline`, cm);
    expect(timeline.body.filter((e: { type: string }) => e.type === 'DOCUMENT_ATTACHED').map((e: { data: unknown }) => e.data)).toEqual([
      { documentId, kind: 'MEDICAL_CERTIFICATE', documentDate: expect.any(String), title: 'Certificat du Dr Durand', sizeBytes: LETTER.length, contentType: 'application/pdf' },
    ]);

    const requestId = randomUUID();
    const got = await download(id, documentId, cm, requestId);
    expect(got.status).toBe(200);
    expect(got.bytes.equals(LETTER)).toBe(true);
    expect(got.headers.get('content-type')).toBe('application/pdf');
    expect(got.headers.get('content-disposition')).toMatch(/^attachment; filename="medical_certificate-\d{4}-\d{2}-\d{2}\.pdf"$/);

    // At rest: the row holds neither the bytes nor the patient's name, and names the key it was sealed with.
    const [row] = await db.db.query('SELECT key_id, ciphertext FROM pathway_documents WHERE id = $1', [documentId]);
    expect(row.key_id).toBe('local-dev-1');
    const stored = row.ciphertext as Buffer;
    expect(stored.length).toBe(LETTER.length + 12 + 16);
    expect(stored.includes(LETTER.subarray(0, 8))).toBe(false);
    expect(stored.toString('latin1')).not.toContain('Jeanne Martin');

    // Scoped like the pathway: another case manager, and a supervisor of another territory, get 404.
    const other = people.caseManager(OTHER_CM);
    const deniedId = randomUUID();
    expect((await download(id, documentId, other, deniedId)).status).toBe(404);
    expectStatus(await api.get(`/api/v1/pathways/${id}/documents`, other), 404);
    expect((await upload(id, other, LETTER, { kind: 'OTHER', documentDate: isoAgo(10) })).status).toBe(404);
    // An unknown document of a reachable pathway: 404 too.
    expect((await download(id, randomUUID(), cm, randomUUID())).status).toBe(404);
    // The supervisor of the territory reads it.
    const supervisorId = randomUUID();
    expect((await download(id, documentId, people.supervisor, supervisorId)).bytes.equals(LETTER)).toBe(true);

    const audited = await eventually(
      async () => {
        const events = await listAuditEvents(db.db, { requestIds: [requestId, deniedId, supervisorId] });
        if (events.length !== 3) throw new Error(`${events.length} of 3 rows`);
        return events;
      },
      { timeoutMs: 10_000, message: 'the downloads in the audit trail' },
    );
    const byRequest = Object.fromEntries(audited.map((e) => [e.requestId, e]));
    expect(byRequest[requestId]).toMatchObject({ actor: CM, pathwayId: id, outcome: 'allowed', status: 200, route: '/api/v1/pathways/:id/documents/:documentId/content', details: { document: documentId, kind: 'MEDICAL_CERTIFICATE' } });
    expect(byRequest[supervisorId]).toMatchObject({ actor: 'sup-1', outcome: 'allowed', details: { document: documentId } });
    expect(byRequest[deniedId]).toMatchObject({ actor: OTHER_CM, pathwayId: id, outcome: 'denied', status: 404 });
  });

  it('a renamed executable is refused (415), as is a file over 10 MB (413), a missing file and a bad kind (400)', async () => {
    const id = await inAssessment(api, CM);
    const refused = await upload(id, cm, EXECUTABLE, { kind: 'DISCHARGE_LETTER', documentDate: isoAgo(60) }, 'compte-rendu.pdf', 'application/pdf');
    expect(refused.status).toBe(415);
    expect(refused.contentType).toMatch(/^application\/problem\+json/);
    expect(refused.body.detail).toMatch(/not a PDF, JPEG or PNG document: its type is read from its content/);
    const tooLarge = await upload(id, cm, Buffer.concat([LETTER, Buffer.alloc(10 * 1024 * 1024)]), { kind: 'OTHER', documentDate: isoAgo(60) });
    expect(tooLarge.status).toBe(413);
    expect((await upload(id, cm, LETTER, { kind: 'VIDEO', documentDate: isoAgo(60) })).status).toBe(400);
    const form = new FormData();
    form.set('kind', 'OTHER');
    form.set('documentDate', isoAgo(60));
    const noFile = await fetch(`${stack.apiUrl}/api/v1/pathways/${id}/documents`, { method: 'POST', headers: { authorization: `Bearer ${cm}` }, body: form });
    expect(noFile.status).toBe(400);
    // Nothing was stored for any of them.
    expectStatus(await api.get(`/api/v1/pathways/${id}/documents`, cm), 200);
    expect((await api.get(`/api/v1/pathways/${id}/documents`, cm)).body).toEqual([]);
    const [{ n }] = await db.db.query('SELECT count(*)::int AS n FROM pathway_documents WHERE pathway_id = $1', [id]);
    expect(n).toBe(0);
  });

  it('a discharge letter uploaded after a discharge meets the discharge-letter deadline', async () => {
    const id = await inAssessment(api, CM);
    const at = (step: string) => `/api/v1/pathways/${id}/${step}`;
    expectStatus(await api.post(at('hospitalizations'), cm, { admittedAt: isoAgo(120), facility: 'CHU Est' }), 200);
    const discharged = await api.post(at('hospitalizations/current/discharge'), cm, { dischargedAt: isoAgo(60), destination: 'OTHER' });
    expectStatus(discharged, 200);
    expect(discharged.body.deadlines.map((d: { kind: string }) => d.kind)).toContain('dischargeLetterDue');
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
    const uploaded = await upload(id, cm, png, { kind: 'DISCHARGE_LETTER', documentDate: isoAgo(30) }, 'scan.png', 'image/png');
    if (uploaded.status !== 201) throw new Error(`upload: ${uploaded.status} ${uploaded.text}`);
    const summary = await api.get(`/api/v1/pathways/${id}`, cm);
    expect(summary.body.deadlines.map((d: { kind: string }) => d.kind)).not.toContain('dischargeLetterDue');
    expect(summary.body.episodes.lastDischarge).toMatchObject({ dischargeLetterReceivedAt: expect.any(String) });
    // And the manual step now says it is already recorded.
    expectProblem(await api.post(at('hospitalizations/current/discharge-letter'), cm, { receivedAt: isoAgo(5) }), 409, /already recorded/);
  });
});
