// The authorization matrix (issue 7): every route of the API × every role × a pathway the caller
// reaches ("own") and one it does not ("other"), with the status API.md implies, against the whole
// stack. Then: every one of these calls, refused ones included, has its row in the audit trail.
import { randomUUID } from 'node:crypto';
import { startStack, Stack } from '../support/stack';
import { Answer, Api, awaitingAssignment, createCaseManager, expectStatus, Json, referral, Role, token } from './api-support';
import { AuditReader, requestId } from './security-support';

const OWN_TERRITORY = 'T75-MATRIX';
const FAR_TERRITORY = 'T13-MATRIX';

type Caller = Exclude<Role, 'service'> | 'none';
const CALLERS: Caller[] = ['intake', 'case_manager', 'supervisor', 'physician', 'admin', 'none'];

const tokens: Record<Caller, string | undefined> = {
  intake: token({ sub: 'intake-75', roles: ['intake'], territory: OWN_TERRITORY }),
  case_manager: token({ sub: 'cm-own', roles: ['case_manager'], territory: OWN_TERRITORY }),
  supervisor: token({ sub: 'sup-75', roles: ['supervisor'], territory: OWN_TERRITORY }),
  physician: token({ sub: 'md-own', roles: ['physician'], email: 'dr.own@cabinet.example' }),
  admin: token({ sub: 'admin-1', roles: ['admin'] }),
  none: undefined,
};

// Legend. A cell is "own/other" (or one status for both):
// - own: a pathway the caller reaches (OWN_TERRITORY, assigned to cm-own, attending physician dr.own);
//   for lists and supervision, no filter; for POSTs and territory routes that name a territory, the caller's own;
// - other: for intake, supervisor and admin a pathway of another territory (FAR_TERRITORY); for the
//   case manager and the physician a neighbour's pathway of the SAME territory (another case manager,
//   another physician); for lists and supervision, a filter outside the caller's reach.
// Steps are sent with an empty body: 400 means the caller passed every authorization check and the
// step was refused for its body alone (nothing changes); 403: the role may not take that step; 404:
// the pathway is out of the caller's reach, answered exactly like an unknown one.
//
// route                                                        intake     case_manager supervisor physician  admin      no token
const MATRIX: [string, ...string[]][] = [
  ['GET /health',                                               '200',     '200',      '200',     '200',     '200',     '200'],
  ['GET /health/live',                                          '200',     '200',      '200',     '200',     '200',     '200'],
  ['GET /health/ready',                                         '200',     '200',      '200',     '200',     '200',     '200'],
  // Pathways: referral, lists, reads
  ['POST /api/v1/pathways',                                     '201/403', '403',      '403',     '403',     '403',     '401'],
  ['GET /api/v1/pathways',                                      '200/403', '200/403',  '200/403', '200',     '200',     '401'],
  ['GET /api/v1/pathways/:id',                                  '200/404', '200/404',  '200/404', '200/404', '200',     '401'],
  ['GET /api/v1/pathways/:id/timeline',                         '200/404', '200/404',  '200/404', '200/404', '200',     '401'],
  // Documents and the plan on paper (issue 19): read like the pathway; the own pathway has a plan and a document.
  // The agenda (issue 19): a case manager's steps like the others (an empty body: 400 once allowed)
  ['POST /api/v1/pathways/:id/appointments',                    '403',     '400/404',  '403',     '403',     '403',     '401'],
  ['POST /api/v1/pathways/:id/appointments/:appointmentId/reschedule',   '403', '400/404', '403', '403',     '403',     '401'],
  // Cancelling needs no field: an appointment that is not booked (here: none is) is a 409
  ['POST /api/v1/pathways/:id/appointments/:appointmentId/cancellation', '403', '409/404', '403', '403',     '403',     '401'],
  ['POST /api/v1/pathways/:id/appointments/:appointmentId/outcome',      '403', '400/404', '403', '403',     '403',     '401'],
  // A case manager's own week and calendar feed; the feed itself needs no token, only its secret (unknown here: 404)
  ['GET /api/v1/tasks',                                         '403',     '200',      '403',     '403',     '403',     '401'],
  ['POST /api/v1/calendar-feed',                                '403',     '201',      '403',     '403',     '403',     '401'],
  ['GET /api/v1/calendar-feed',                                 '403',     '200',      '403',     '403',     '403',     '401'],
  // Revoked by the first call ("own"), so the second finds none to revoke
  ['DELETE /api/v1/calendar-feed',                              '403',     '204/404',  '403',     '403',     '403',     '401'],
  ['GET /api/v1/calendar-feeds/:secret/calendar.ics',           '404',     '404',      '404',     '404',     '404',     '404'],
  // The import of a territory's open cases: supervisors (their territory) and administrators; a JSON body is no CSV (400)
  ['POST /api/v1/imports/pathways',                             '403',     '403',      '400',     '403',     '400',     '401'],
  ['GET /api/v1/pathways/:id/documents',                        '200/404', '200/404',  '200/404', '200/404', '200',     '401'],
  ['POST /api/v1/pathways/:id/documents',                       '403',     '400/404',  '403',     '403',     '403',     '401'],
  // admin's other pathway (another territory's) is reached, but has neither that document nor a plan: 404.
  ['GET /api/v1/pathways/:id/documents/:documentId/content',    '200/404', '200/404',  '200/404', '200/404', '200/404', '401'],
  ['GET /api/v1/pathways/:id/plan.pdf',                         '200/404', '200/404',  '200/404', '200/404', '200/404', '401'],
  ['GET /api/v1/reminders',                                     '200/404', '200/404',  '200/404', '200/404', '200',     '401'],
  // Steps (API.md's "who" column)
  ['POST /api/v1/pathways/:id/eligibility',                     '400/404', '403',      '403',     '403',     '403',     '401'],
  ['POST /api/v1/pathways/:id/assignment',                      '400/404', '403',      '400/404', '403',     '403',     '401'],
  ['POST /api/v1/pathways/:id/consent',                         '403',     '400/404',  '403',     '403',     '403',     '401'],
  ['POST /api/v1/pathways/:id/assessments',                     '403',     '400/404',  '403',     '403',     '403',     '401'],
  ['POST /api/v1/pathways/:id/plans',                           '403',     '400/404',  '403',     '403',     '403',     '401'],
  ['POST /api/v1/pathways/:id/plan-acknowledgements',           '403',     '403',      '403',     '400/404', '403',     '401'],
  ['POST /api/v1/pathways/:id/contacts',                        '403',     '400/404',  '403',     '403',     '403',     '401'],
  ['POST /api/v1/pathways/:id/hospitalizations',                '403',     '400/404',  '403',     '403',     '403',     '401'],
  ['POST /api/v1/pathways/:id/hospitalizations/current/discharge', '403',  '400/404',  '403',     '403',     '403',     '401'],
  ['POST /api/v1/pathways/:id/institutionalization',            '403',     '400/404',  '403',     '403',     '403',     '401'],
  ['POST /api/v1/pathways/:id/closure',                         '403',     '400/404',  '400/404', '403',     '403',     '401'],
  // Episodes and files (API.md's second table and the same style)
  ['POST /api/v1/pathways/:id/hospitalizations/current/discharge-letter', '403',     '400/404',  '403',     '403',     '403',     '401'],
  ['POST /api/v1/pathways/:id/hospitalizations/current/services-restart', '403',     '400/404',  '403',     '403',     '403',     '401'],
  ['POST /api/v1/pathways/:id/respites',                          '403',     '400/404',  '403',     '403',     '403',     '401'],
  // No body is required to cancel: the own case manager reaches the workflow, which knows no such respite.
  ['POST /api/v1/pathways/:id/respites/:respiteId/cancellation', '403', '409/404', '403', '403', '403', '401'],
  ['POST /api/v1/pathways/:id/crises',                            '403',     '400/404',  '403',     '403',     '403',     '401'],
  ['POST /api/v1/pathways/:id/crises/current/actions',            '403',     '400/404',  '403',     '403',     '403',     '401'],
  ['POST /api/v1/pathways/:id/crises/current/resolution',         '403',     '400/404',  '403',     '403',     '403',     '401'],
  ['POST /api/v1/pathways/:id/apa-applications',                  '403',     '400/404',  '403',     '403',     '403',     '401'],
  ['POST /api/v1/pathways/:id/apa-applications/current/acknowledgement', '403',     '400/404',  '403',     '403',     '403',     '401'],
  ['POST /api/v1/pathways/:id/apa-applications/current/decision', '403',     '400/404',  '403',     '403',     '403',     '401'],
  ['POST /api/v1/pathways/:id/apa-applications/current/provider-declaration', '403',     '400/404',  '403',     '403',     '403',     '401'],
  ['POST /api/v1/pathways/:id/legal-protection',                  '403',     '400/404',  '403',     '403',     '403',     '401'],
  ['POST /api/v1/pathways/:id/legal-protection/current/request',  '403',     '400/404',  '403',     '403',     '403',     '401'],
  ['POST /api/v1/pathways/:id/legal-protection/current/ruling',   '403',     '400/404',  '403',     '403',     '403',     '401'],
  ['POST /api/v1/pathways/:id/nursing-home-applications',         '403',     '400/404',  '403',     '403',     '403',     '401'],
  ['POST /api/v1/pathways/:id/nursing-home-applications/:applicationId/medical-part', '403', '400/404', '403', '400/404', '403', '401'],
  ['POST /api/v1/pathways/:id/nursing-home-applications/:applicationId/decision', '403',     '400/404',  '403',     '403',     '403',     '401'],
  // The care team (a step like the others; an empty body, or the path's literal ":memberId", is a 400 for its own case manager)
  ['POST /api/v1/pathways/:id/care-team',                       '403',     '400/404',  '403',     '403',     '403',     '401'],
  ['POST /api/v1/pathways/:id/care-team/:memberId',             '403',     '400/404',  '403',     '403',     '403',     '401'],
  ['POST /api/v1/pathways/:id/care-team/:memberId/removal',     '403',     '400/404',  '403',     '403',     '403',     '401'],
  // The one-click plan link (no token: the signed link is the credential); a link this server did not sign is
  // refused to everyone alike (an HTML page for a person: 403), an answer without its decision is a 400
  ['GET /api/v1/plan-links/:link',                              '403',     '403',      '403',     '403',     '403',     '403'],
  ['POST /api/v1/plan-links/:link',                             '400',     '400',      '400',     '400',     '400',     '400'],
  // Case managers and supervision: per territory
  ['POST /api/v1/case-managers',                                '403',     '403',      '201/403', '403',     '201',     '401'],
  ['GET /api/v1/case-managers',                                 '403',     '403',      '200/403', '403',     '403',     '401'],
  ['POST /api/v1/case-managers/:id/absences',                   '403',     '403',      '400',     '403',     '403',     '401'],
  // own: a case manager of the caller's territory (cm-own), other: one of another territory (cm-far)
  ['GET /api/v1/case-managers/:id/absences',                    '403',     '403',      '200/403', '403',     '403',     '401'],
  // An absence id nobody declared: only a supervisor of the territory gets as far as looking it up; the empty placement body is refused first.
  ['GET /api/v1/case-managers/:id/absences/:absenceId/unplaced', '403',    '403',      '404/403', '403',     '403',     '401'],
  ['POST /api/v1/case-managers/:id/absences/:absenceId/unplaced/:pathwayId/placement', '403', '403', '400', '403', '403', '401'],
  // Territory contacts (who receives the supervisor's and the intake desk's notices): admin anywhere, a supervisor their own territory
  ['GET /api/v1/territories/:territory/contacts',               '403',     '403',      '200/403', '403',     '200',     '401'],
  ['PUT /api/v1/territories/:territory/contacts/:role',         '403',     '403',      '200/403', '403',     '200',     '401'],
  // Demo sign-in: public, and only while the local development secret is in use (as in this stack)
  ['GET /api/v1/auth/demo-users',                               '200',     '200',      '200',     '200',     '200',     '200'],
  // How the web app signs in: public (asked before anyone is signed in)
  ['GET /api/v1/auth/config',                                   '200',     '200',      '200',     '200',     '200',     '200'],
  ['GET /api/v1/supervision/stuck',                             '403',     '403',      '200/403', '403',     '403',     '401'],
  ['GET /api/v1/supervision/caseloads',                         '403',     '403',      '200/403', '403',     '403',     '401'],
  ['GET /api/v1/supervision/indicators',                        '403',     '403',      '200/403', '403',     '403',     '401'],
  ['GET /api/v1/supervision/waiting-list',                      '403',     '403',      '200/403', '403',     '403',     '401'],
  ['GET /api/v1/supervision/forecast',                          '403',     '403',      '200/403', '403',     '403',     '401'],
  ['GET /api/v1/supervision/annual-report',                     '403',     '403',      '200/403', '403',     '403',     '401'],
  ['GET /api/v1/supervision/exports/caseloads.csv',             '403',     '403',      '200/403', '403',     '403',     '401'],
  ['GET /api/v1/supervision/exports/stuck.csv',                 '403',     '403',      '200/403', '403',     '403',     '401'],
  ['GET /api/v1/supervision/exports/waiting-list.csv',          '403',     '403',      '200/403', '403',     '403',     '401'],
  ['GET /api/v1/supervision/exports/indicators.csv',            '403',     '403',      '200/403', '403',     '403',     '401'],
  ['GET /api/v1/supervision/exports/annual-report.csv',         '403',     '403',      '200/403', '403',     '403',     '401'],
  ['GET /api/v1/supervision/waiting-list/offers',               '403',     '403',      '200/403', '403',     '403',     '401'],
  // An offer id nobody was given: only a supervisor gets as far as looking it up.
  ['POST /api/v1/supervision/waiting-list/offers/:offerId/accept',  '403', '403',      '404',     '403',     '403',     '401'],
  ['POST /api/v1/supervision/waiting-list/offers/:offerId/decline', '403', '403',      '404',     '403',     '403',     '401'],
  // The Temporal codec endpoint: every role may ask to decode, and gets only payloads of pathways it reads
  // (an empty batch here; test/e2e/api-payload-privacy.spec.ts has the matrix with real payloads). Encoding: services only.
  ['POST /codec/decode',                                        '200',     '200',      '200',     '200',     '200',     '401'],
  ['POST /codec/encode',                                        '403',     '403',      '403',     '403',     '403',     '401'],
];

// Care-team professionals (issue 18), signed in with Pro Santé Connect (an RPPS number, no role list), all
// asking for the own pathway: `member` is its attending physician, `former` a nurse removed from its team,
// `never` a professional it never had. They list and read their pathways (their part only) and acknowledge
// the plan as its attending physician; every other route is 403 for them, and a public route answers them
// as it answers anyone (the "no token" column).
type Professional = 'member' | 'former' | 'never';
const PROFESSIONALS: Professional[] = ['member', 'former', 'never'];
const RPPS: Record<Professional, string> = { member: '10000000017', former: '10000000025', never: '10000000033' };
const professionalTokens = Object.fromEntries(PROFESSIONALS.map((p) => [p, token({ sub: `psc-${p}`, SubjectNameID: `8${RPPS[p]}` })])) as Record<Professional, string>;
//                                                               member  former  never
const PROFESSIONAL_CELLS: Record<string, [string, string, string]> = {
  'GET /api/v1/pathways':                                       ['200',  '200',  '200'],
  'GET /api/v1/pathways/:id':                                   ['200',  '404',  '404'],
  'POST /api/v1/pathways/:id/plan-acknowledgements':            ['400',  '404',  '404'],
};
function professionalCell(route: string, cells: string[], professional: Professional): number {
  const noToken = cells[CALLERS.indexOf('none')];
  return Number(PROFESSIONAL_CELLS[route]?.[PROFESSIONALS.indexOf(professional)] ?? (noToken === '401' ? '403' : noToken.split('/')[0]));
}

let stack: Stack;
let api: Api;
const pathway = { own: '', neighbour: '', far: '' };
/** A document of the own pathway (its id is asked of the other pathway too: 404 there). */
let ownDocument = '';
/** Every call of the matrix, to find it in the audit trail afterwards. */
const calls: { requestId: string; route: string; caller: Caller | Professional; status: number }[] = [];

beforeAll(async () => {
  stack = await startStack();
  api = new Api(stack.apiUrl);
  const supervisor = (territory: string) => token({ sub: `sup-${territory}`, roles: ['supervisor'], territory });
  const intake = (territory: string) => token({ sub: `intake-${territory}`, roles: ['intake'], territory });
  const open = async (territory: string, physicianEmail: string, caseManagerId: string) => {
    const id = await awaitingAssignment(api, referral({ territory, physicianEmail }), intake(territory));
    expectStatus(await api.post(`/api/v1/pathways/${id}/assignment`, supervisor(territory), { caseManagerId }), 200);
    return id;
  };
  await createCaseManager(api, 'cm-own', undefined, OWN_TERRITORY);
  await createCaseManager(api, 'cm-other', undefined, OWN_TERRITORY);
  await createCaseManager(api, 'cm-far', undefined, FAR_TERRITORY);
  [pathway.own, pathway.neighbour, pathway.far] = await Promise.all([
    open(OWN_TERRITORY, 'dr.own@cabinet.example', 'cm-own'),
    open(OWN_TERRITORY, 'dr.other@cabinet.example', 'cm-other'),
    open(FAR_TERRITORY, 'dr.far@cabinet.example', 'cm-far'),
  ]);
  // The own pathway gets a plan (for its PDF) and a document.
  const cm = tokens.case_manager as string;
  const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
  expectStatus(await api.post(`/api/v1/pathways/${pathway.own}/consent`, cm, { given: true, at: ago(3) }), 200);
  expectStatus(await api.post(`/api/v1/pathways/${pathway.own}/assessments`, cm, { performedAt: ago(2), mmse: 20, gir: 4, zarit: 30, summary: 'lives alone' }), 200);
  expectStatus(await api.post(`/api/v1/pathways/${pathway.own}/plans`, cm, { services: [{ type: 'SSIAD', provider: 'SSIAD Est', frequency: 'daily', startsAt: ago(0).slice(0, 10) }] }), 200);
  const form = new FormData();
  form.set('file', new Blob([Buffer.from('%PDF-1.4\n%%EOF\n')], { type: 'application/pdf' }), 'letter.pdf');
  form.set('kind', 'OTHER');
  form.set('documentDate', ago(10));
  const uploaded = await fetch(`${stack.apiUrl}/api/v1/pathways/${pathway.own}/documents`, { method: 'POST', headers: { authorization: `Bearer ${cm}` }, body: form });
  expect(uploaded.status).toBe(201);
  ownDocument = ((await uploaded.json()) as { id: string }).id;
  // Its care team: the attending physician with their RPPS number; a nurse who was a member and is no longer.
  const physician = { role: 'ATTENDING_PHYSICIAN', name: 'Dr Own', email: 'dr.own@cabinet.example', rpps: RPPS.member };
  expectStatus(await api.post(`/api/v1/pathways/${pathway.own}/care-team/physician`, cm, { member: physician }), 200);
  const added = await api.post(`/api/v1/pathways/${pathway.own}/care-team`, cm, { member: { role: 'NURSE', name: 'Inès Robert', phone: '06 12 34 56 78', rpps: RPPS.former } });
  expectStatus(added, 200);
  const nurse = (added.body.careTeam as { id: string; rpps?: string }[]).find((m) => m.rpps === RPPS.former)?.id;
  expectStatus(await api.post(`/api/v1/pathways/${pathway.own}/care-team/${nurse}/removal`, cm, {}), 200);
}, 120_000);
afterAll(() => stack?.stop());

/** The pathway a caller does not reach, along the dimension that matters for its role. */
function otherPathway(caller: Caller): string {
  return caller === 'case_manager' || caller === 'physician' ? pathway.neighbour : pathway.far;
}

/** The pathways a caller must never see, in any answer (a list included). */
function outOfReach(caller: Caller): string[] {
  if (caller === 'admin') return [];
  if (caller === 'intake' || caller === 'supervisor') return [pathway.far];
  return [pathway.neighbour, pathway.far];
}

/** The request a cell sends: the route's path with the own or other pathway, filter or territory. */
function requestFor(route: string, caller: Caller, which: 'own' | 'other'): { method: string; path: string; body?: unknown } {
  const [method, template] = route.split(' ');
  const id = which === 'own' ? pathway.own : otherPathway(caller);
  const outsideFilter = caller === 'case_manager' ? '?caseManagerId=cm-other' : `?territory=${FAR_TERRITORY}`;
  const territory = which === 'own' ? OWN_TERRITORY : FAR_TERRITORY;
  switch (template) {
    case '/api/v1/pathways':
      return method === 'POST'
        ? { method, path: template, body: referral({ territory, physicianEmail: 'dr.own@cabinet.example' }) }
        : { method, path: `${template}?limit=200${which === 'own' ? '' : `&${outsideFilter.slice(1)}`}` };
    case '/api/v1/reminders':
      return { method, path: `${template}?pathwayId=${id}` };
    case '/api/v1/case-managers':
      return method === 'POST'
        ? { method, path: template, body: { id: `cm-${randomUUID().slice(0, 8)}`, name: 'New case manager', email: 'new@dac.example', territory } }
        : { method, path: `${template}${which === 'own' ? '' : outsideFilter}` };
    case '/api/v1/case-managers/:id/absences':
      return { method, path: template.replace(':id', which === 'own' ? 'cm-own' : 'cm-far') };
    case '/api/v1/case-managers/:id/absences/:absenceId/unplaced':
    case '/api/v1/case-managers/:id/absences/:absenceId/unplaced/:pathwayId/placement':
      return {
        method,
        path: template.replace(':id', which === 'own' ? 'cm-own' : 'cm-far').replace(':absenceId', randomUUID()).replace(':pathwayId', id),
        body: method === 'POST' ? {} : undefined,
      };
    case '/api/v1/supervision/waiting-list/offers/:offerId/accept':
    case '/api/v1/supervision/waiting-list/offers/:offerId/decline':
      return { method, path: template.replace(':offerId', randomUUID()), body: {} };
    case '/api/v1/territories/:territory/contacts':
      return { method, path: template.replace(':territory', territory) };
    case '/api/v1/territories/:territory/contacts/:role':
      return { method, path: template.replace(':territory', territory).replace(':role', 'supervisor'), body: { name: 'Pilote MAIA', email: 'pilote@maia.example' } };
    case '/api/v1/pathways/:id/appointments/:appointmentId/reschedule':
    case '/api/v1/pathways/:id/appointments/:appointmentId/cancellation':
    case '/api/v1/pathways/:id/appointments/:appointmentId/outcome':
      return { method, path: template.replace(':id', id).replace(':appointmentId', 'appointment-1'), body: {} };
    case '/api/v1/calendar-feeds/:secret/calendar.ics':
      return { method, path: template.replace(':secret', randomUUID().replace(/-/g, '')) };
    case '/api/v1/pathways/:id/documents/:documentId/content':
      return { method, path: template.replace(':id', id).replace(':documentId', ownDocument) };
    case '/codec/decode':
    case '/codec/encode':
      return { method, path: template, body: { payloads: [] } };
    default:
      if (template.startsWith('/api/v1/supervision/')) return { method, path: `${template}${which === 'own' ? '' : `?territory=${FAR_TERRITORY}`}` };
      return { method, path: template.replace(':id', id), body: method === 'POST' ? {} : undefined };
  }
}

async function send(route: string, caller: Caller, which: 'own' | 'other'): Promise<Answer> {
  const { method, path, body } = requestFor(route, caller, which);
  const id = requestId(`matrix-${caller}-${which}`);
  const answer = await api.call(method, path, { token: tokens[caller], body, headers: { 'x-request-id': id } });
  calls.push({ requestId: id, route, caller, status: answer.status });
  return answer;
}

describe.each(MATRIX)('%s', (route, ...cells) => {
  it.each(CALLERS.map((caller, i) => [caller, cells[i]] as const))('%s → %s (own/other)', async (caller, cell) => {
    const [own, other = own] = cell.split('/').map(Number);
    const answers = { own: await send(route, caller, 'own'), other: await send(route, caller, 'other') };
    expect({ own: answers.own.status, other: answers.other.status, detail: detailOf(answers) }).toEqual({ own, other, detail: detailOf(answers) });
    for (const answer of Object.values(answers)) {
      // The plan link's page is for a person, not a client: its refusals are an HTML sentence.
      if (answer.status >= 400) expect(answer.contentType).toMatch(route === 'GET /api/v1/plan-links/:link' ? /^text\/html/ : /^application\/problem\+json/);
      // Whatever the route, no answer shows a pathway the caller does not reach (a 404 names the id it was asked for).
      if (answer.status < 400) for (const id of outOfReach(caller)) expect(answer.text).not.toContain(id);
    }
  });
});

describe.each(MATRIX)('%s, for a care-team professional', (route, ...cells) => {
  it.each(PROFESSIONALS.map((p) => [p, professionalCell(route, cells, p)] as const))('%s → %s', async (professional, expected) => {
    const { method, path, body } = requestFor(route, 'none', 'own');
    const id = requestId(`matrix-${professional}`);
    const answer = await api.call(method, path, { token: professionalTokens[professional], body, headers: { 'x-request-id': id } });
    calls.push({ requestId: id, route, caller: professional, status: answer.status });
    expect({ status: answer.status, detail: answer.status >= 400 ? answer.body?.detail : 'ok' }).toEqual({ status: expected, detail: answer.status >= 400 ? answer.body?.detail : 'ok' });
    if (answer.status < 400) for (const id of professional === 'member' ? [pathway.neighbour, pathway.far] : [pathway.own, pathway.neighbour, pathway.far]) expect(answer.text).not.toContain(id);
  });
});

describe('what a care-team professional reads', () => {
  it('their pathways only, and of each their part: no assessment, no other member', async () => {
    const list = async (p: Professional) => ((await api.get('/api/v1/pathways?limit=200', professionalTokens[p])).body.items as { id: string }[]).map((i) => i.id);
    expect(await list('member')).toEqual([pathway.own]);
    expect(await list('former')).toEqual([]);
    const read = await api.get(`/api/v1/pathways/${pathway.own}`, professionalTokens.member);
    expectStatus(read, 200);
    expect(read.body).toMatchObject({ id: pathway.own, member: { id: 'physician', rpps: RPPS.member }, plan: { version: 1, services: [] } });
    expect(read.body.latestAssessment).toBeUndefined();
    expect(read.body.careTeam).toBeUndefined();
    expect(read.text).not.toContain('lives alone');
  });
});

/** On a mismatch, the answers' details say why (shown by the failing toEqual). */
function detailOf(answers: Record<string, Answer>): Json {
  return Object.fromEntries(Object.entries(answers).map(([which, a]) => [which, a.status >= 400 ? a.body?.detail : 'ok']));
}

describe('the matrix itself', () => {
  it('covers every route the API serves (its OpenAPI document), and nothing it does not serve', async () => {
    const openapi = await api.get('/docs-json', '');
    expectStatus(openapi, 200);
    const served = Object.entries(openapi.body.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, verbs]) => Object.keys(verbs).map((verb) => `${verb.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`))
      .sort();
    expect(MATRIX.map(([route]) => route).sort()).toEqual(served);
  });
});

describe('the audit trail of the matrix', () => {
  it('has one row for every call, refused ones included, with its status and outcome', async () => {
    // Not patient data, not a step; the demo sign-in is public, so its rows carry no actor.
    const audited = calls.filter((c) => !c.route.startsWith('GET /health') && c.route !== 'GET /api/v1/auth/demo-users' && c.route !== 'GET /api/v1/auth/config');
    expect(audited.length).toBeGreaterThan(250);
    const reader = await AuditReader.connect(stack.databaseUrl);
    try {
      const events = await reader.eventsOf(audited.map((c) => c.requestId));
      const byRequest = new Map(events.map((e) => [e.requestId, e]));
      const mismatches = audited.flatMap((call) => {
        const event = byRequest.get(call.requestId);
        // A 404 is a pathway out of reach (denied), except for the offer or absence id, or the calendar feed, nobody was given: unknown (failed).
        const unknownId = (call.route.includes(':offerId') || call.route.includes(':absenceId') || call.route.includes('calendar-feed')) && call.status === 404;
        const outcome = call.status < 400 ? 'allowed' : [401, 403, 404].includes(call.status) && !unknownId ? 'denied' : 'failed';
        const [method, route] = call.route.split(' ');
        const expected = { status: call.status, outcome, method, route, actor: call.caller === 'none' ? null : expect.any(String) };
        return event && expect.objectContaining(expected).asymmetricMatch(event) ? [] : [{ call, expected: { ...expected, actor: call.caller }, event }];
      });
      expect(mismatches).toEqual([]);
      expect(events).toHaveLength(audited.length);
    } finally {
      await reader.close();
    }
  });
});
