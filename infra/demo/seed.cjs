// @ts-check
// Seeds the demo territory (infra/demo/territory.cjs) into a running stack, over the HTTP API only: the
// API is the contract, so the demo goes through the same validation, workflows and projections as any
// client. `npm run demo` (infra/start.mjs --demo) calls `seedDemo` once the API is healthy; on its own:
//
//   node infra/demo/seed.cjs [--api http://127.0.0.1:3000] [--concurrency 6]
//
// Compressed clocks. The stack runs with infra/demo/policy.json, where every duration of the policy is
// one MINUTE per DAY of the real one (eligibility P7D → PT7M, assessment P30D → PT30M, reassessment
// P6M → PT3H, legal request lapse P1Y → PT6H5M, crisis action PT24H → PT1M ...). The scale is the same
// for every clock, so their order and proportions stay those of PATHWAY.md, and a 30-minute demo shows a
// month of a territory's life: reminders go out, deadlines pass, plans not acknowledged move on to
// follow-up, pathways turn up on the supervisor's stuck list. The stories are written in the same demo
// days (`ago: 9` is nine minutes before seeding), so a story dated before its deadline is already late
// when seeded ("referred 9 days ago", eligibility due in 7): that is where the overdue pathways come from,
// besides those that fall due while you watch. Only birth dates are real dates.
//
// Idempotent. Each person has a fixed external id (DEMO-75E-0001 ...). Before anything, the seeder lists
// the territory's pathways; a person who already has one is not referred again: the steps of their story
// that the pathway's timeline already shows are skipped and only the missing ones are sent (an
// interrupted seeding resumes where it stopped; the timeline is read until it has caught up with the
// workflow). Every POST carries an Idempotency-Key naming the run, the person and the step, so a request
// retried within a run is applied once. Case managers have fixed ids (409: already there).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { createHmac, randomBytes } = require('node:crypto');
const territory = require('./territory.cjs');

/** One demo day, in milliseconds: a minute (infra/demo/policy.json). */
const DEMO_DAY_MS = 60_000;
const POLICY_FILE = path.join(__dirname, 'policy.json');
const ROOT = path.resolve(__dirname, '../..');
const STAGES = ['REFERRED', 'AWAITING_ASSIGNMENT', 'ASSESSMENT', 'PLANNING', 'PLAN_VALIDATION', 'FOLLOW_UP', 'INSTITUTIONALIZED', 'CLOSED'];
const ALL_CRITERIA = { unstableSituation: true, insufficientCare: true, noCoordinator: true };

/**
 * @typedef {{ name: string, email: string }} Physician
 * @typedef {{ story: import('./territory.cjs').Story, index: number, externalId: string, name: string, referral: Record<string, any>, physician: Physician, person: string[] }} Plan
 * @typedef {'intake' | 'supervisor' | 'cm' | 'physician'} Actor
 * @typedef {{ as: Actor, path: string, body: Record<string, unknown> }} StepRequest
 * @typedef {{ plan: Plan, pathwayId: string, summary?: any }} StoryContext
 * @typedef {{ person: string, step: string, problem: string }} Failure
 * @typedef {{ id: string, name: string, role: string, territory?: string, token: string }} DemoUser
 * @typedef {{
 *   caseManagers: { created: number, existing: number },
 *   pathways: { created: number, resumed: number, unchanged: number, failed: number },
 *   stepsSent: number,
 *   failures: Failure[],
 *   stages: Record<string, number>,
 *   caseloads: Array<{ caseManagerId: string, name: string, active: number, capacity: number }>,
 *   waitingList: number,
 *   stuck: number,
 *   demoUsers: DemoUser[],
 *   seconds: number,
 * }} SeedReport
 */

// ---- tokens: HS256 like `npm run token`, with AUTH_JWT_SECRET or the local development secret ----------

function localSecret() {
  const source = fs.readFileSync(path.join(ROOT, 'apps/api/src/auth/token-verifier.ts'), 'utf8');
  const match = source.match(/LOCAL_DEV_SECRET\s*=\s*'([^']+)'/);
  if (!match) throw new Error('cannot find LOCAL_DEV_SECRET in apps/api/src/auth/token-verifier.ts; set AUTH_JWT_SECRET');
  return match[1];
}

/**
 * @param {{ sub: string, roles: string[], territory?: string, email?: string }} claims
 * @param {string} secret
 */
function mintToken(claims, secret) {
  /** @param {unknown} value */
  const encode = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ ...claims, iat: now, exp: now + 8 * 3600 })}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

// ---- HTTP: JSON in and out, retried when the stack is busy (503, 429, a key still in progress) ---------

class ApiError extends Error {
  /** @param {string} message @param {number} status @param {any} body */
  constructor(message, status, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

/** @param {number} ms @param {AbortSignal} [signal] */
function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });
}

class Api {
  /** @param {string} baseUrl @param {AbortSignal} [signal] */
  constructor(baseUrl, signal) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.signal = signal;
  }

  /**
   * @param {string} method
   * @param {string} route under the API origin, e.g. /api/v1/pathways
   * @param {{ token?: string, body?: unknown, key?: string }} [options]
   * @returns {Promise<{ status: number, body: any }>}
   */
  async call(method, route, options = {}) {
    /** @type {Record<string, string>} */
    const headers = { accept: 'application/json' };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.key) headers['idempotency-key'] = options.key;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    for (let attempt = 1; ; attempt++) {
      let response;
      try {
        response = await fetch(`${this.baseUrl}${route}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body), signal: this.signal });
      } catch (err) {
        if (this.signal?.aborted || attempt >= 6) throw err;
        await sleep(500 * attempt, this.signal);
        continue;
      }
      const text = await response.text();
      let body;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = text;
      }
      const busy = response.status === 503 || response.status === 429 || (response.status === 409 && body?.title === 'Request in progress');
      if (busy && attempt < 6) {
        const retryAfter = Number(response.headers.get('retry-after'));
        await sleep(Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 1000 * attempt, this.signal);
        continue;
      }
      return { status: response.status, body };
    }
  }

  /** @param {string} route @param {string} token */
  async get(route, token) {
    const answer = await this.call('GET', route, { token });
    if (answer.status !== 200) throw new ApiError(`GET ${route} answered ${answer.status}: ${problemText(answer.body)}`, answer.status, answer.body);
    return answer.body;
  }
}

/** @param {any} body */
function problemText(body) {
  if (body && typeof body === 'object') return String(body.detail ?? body.title ?? JSON.stringify(body)).slice(0, 300);
  return String(body ?? '').slice(0, 300);
}

// ---- the stories as requests ----------------------------------------------------------------------

/** @param {number} days demo days before now */
const ago = (days) => new Date(Date.now() - days * DEMO_DAY_MS).toISOString();
/** @param {number} days demo days after now */
const later = (days) => new Date(Date.now() + days * DEMO_DAY_MS).toISOString();

/** The person's referral, and who they are, for the story at `index`. */
/** @param {import('./territory.cjs').Story} story @param {number} index @returns {Plan} */
function planFor(story, index) {
  const person = territory.PEOPLE[index];
  const [firstName, lastName, birthDate, , , caregiverName, relationship] = person;
  const physician = territory.PHYSICIANS[index % territory.PHYSICIANS.length];
  const externalId = `DEMO-75E-${String(index + 1).padStart(4, '0')}`;
  const caregiver = caregiverName.includes(' ') ? caregiverName : `${caregiverName} ${lastName}`;
  const phone = `01 99 00 ${String(10 + (index % 90)).padStart(2, '0')} ${String(20 + ((index * 7) % 80)).padStart(2, '0')}`;
  const email = `${caregiver.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z]+/g, '.')}@famille.example`;
  return {
    story,
    index,
    externalId,
    name: `${firstName} ${lastName}`,
    person,
    physician,
    referral: {
      patient: { externalId, firstName, lastName, birthDate, territory: territory.TERRITORY },
      referral: { source: territory.SOURCES[index % territory.SOURCES.length](physician), referredAt: ago(story.referredAgo), diagnosis: territory.DIAGNOSES[index % territory.DIAGNOSES.length] },
      physician: { name: physician.name, email: physician.email },
      caregiver: { name: caregiver, relationship, phone, ...(index % 3 === 0 ? {} : { email }) },
    },
  };
}

/** @param {any} summary @param {string} facility */
function openApplication(summary, facility) {
  const found = (summary?.episodes?.nursingHomeApplications ?? []).filter(
    (/** @type {any} */ a) => a.facility === facility && (a.status === 'SUBMITTED' || a.status === 'WAITLISTED'),
  );
  if (!found.length) throw new Error(`no open nursing-home application to ${facility}`);
  return found[found.length - 1].id;
}

/**
 * The request of one step of a story. `p` are the step's parameters from territory.cjs; dates are in
 * demo days (`ago`, `startsIn`, ...).
 * @param {string} name @param {Record<string, any>} p @param {StoryContext} ctx @returns {StepRequest}
 */
function stepRequest(name, p, ctx) {
  const { plan } = ctx;
  const [, , , address, living] = plan.person;
  switch (name) {
    case 'eligibility':
      return p.decision === 'ACCEPTED'
        ? { as: 'intake', path: 'eligibility', body: { decision: 'ACCEPTED', criteria: ALL_CRITERIA } }
        : {
            as: 'intake',
           
            path: 'eligibility',
            body: {
              decision: 'REFUSED',
              criteria: { unstableSituation: true, insufficientCare: true, noCoordinator: false },
              reason: 'Une fille proche, disponible, coordonne déjà les aides.',
              reorientedTo: 'Plateforme d’accompagnement et de répit Paris Est',
            },
          };
    case 'assign':
      return { as: 'supervisor', path: 'assignment', body: { caseManagerId: plan.story.cm } };
    case 'consent':
      return { as: 'cm', path: 'consent', body: { given: p.given ?? true, at: ago(p.ago) } };
    case 'contact':
      return { as: 'cm', path: 'contacts', body: { at: ago(p.ago), channel: p.channel, ...(p.note ? { note: p.note } : {}) } };
    case 'assessment':
      return {
        as: 'cm',
       
        path: 'assessments',
        body: {
          performedAt: ago(p.ago),
          mmse: p.mmse,
          gir: p.gir,
          zarit: p.zarit,
          livingSituation: `${living[0].toUpperCase()}${living.slice(1)}, ${address}.`,
          servicesInPlace: p.gir <= 4 ? 'Aide-ménagère 2 h par semaine, pilulier préparé par la pharmacie.' : 'Aucune aide professionnelle.',
          risks: p.zarit > 60 ? 'Épuisement de l’aidant ; chutes.' : p.mmse < 15 ? 'Errance, oublis de traitement, chutes.' : 'Oublis de traitement.',
          summary: `Évaluation multidimensionnelle à domicile : MMSE ${p.mmse}/30, GIR ${p.gir}, Zarit ${p.zarit}/88. ${living[0].toUpperCase()}${living.slice(1)}.`,
        },
      };
    case 'plan':
      return {
        as: 'cm',
       
        path: 'plans',
        body: { services: p.services.map((/** @type {any} */ s) => ({ type: s.type, provider: s.provider, frequency: s.frequency, startsAt: later(s.startsIn).slice(0, 10) })) },
      };
    case 'acknowledge':
      return { as: 'physician', path: 'plan-acknowledgements', body: { acknowledgedAt: new Date().toISOString(), comment: 'Plan lu, d’accord.' } };
    case 'hospitalize':
      return { as: 'cm', path: 'hospitalizations', body: { admittedAt: ago(p.ago), facility: territory.HOSPITALS[p.hospital], reason: p.reason } };
    case 'discharge':
      return { as: 'cm', path: 'hospitalizations/current/discharge', body: { dischargedAt: ago(p.ago), destination: p.destination } };
    case 'respite':
      return { as: 'cm', path: 'respites', body: { kind: p.kind, startsAt: later(p.startsIn), endsAt: later(p.endsIn), provider: p.provider } };
    case 'crisis':
      return { as: 'cm', path: 'crises', body: { at: ago(p.ago), kind: p.kind, note: p.note } };
    case 'crisisAction':
      return { as: 'cm', path: 'crises/current/actions', body: { at: ago(p.ago), note: p.note } };
    case 'crisisResolved':
      return { as: 'cm', path: 'crises/current/resolution', body: { at: ago(p.ago), note: p.note } };
    case 'apa':
      return { as: 'cm', path: 'apa-applications', body: { submittedAt: ago(p.ago) } };
    case 'apaAcknowledged':
      return { as: 'cm', path: 'apa-applications/current/acknowledgement', body: { at: ago(p.ago) } };
    case 'apaDecided':
      return { as: 'cm', path: 'apa-applications/current/decision', body: { decidedAt: ago(p.ago), outcome: p.outcome, gir: p.gir } };
    case 'legal':
      return { as: 'cm', path: 'legal-protection', body: { kind: p.kind, certificateAt: ago(p.certificateAgo) } };
    case 'legalFiled':
      return { as: 'cm', path: 'legal-protection/current/request', body: { filedAt: ago(p.ago) } };
    case 'legalRuled':
      return {
        as: 'cm',
       
        path: 'legal-protection/current/ruling',
        body: { ruledAt: ago(p.ago), outcome: p.outcome, measureEndsAt: later(p.endsIn), representative: p.representative },
      };
    case 'nursingHome':
      return { as: 'cm', path: 'nursing-home-applications', body: { facility: territory.EHPADS[p.ehpad], submittedAt: ago(p.ago) } };
    case 'medicalPart':
      return {
        as: 'cm',
       
        path: `nursing-home-applications/${openApplication(ctx.summary, territory.EHPADS[p.ehpad])}/medical-part`,
        body: { completedAt: ago(p.ago) },
      };
    case 'nursingHomeDecided':
      return {
        as: 'cm',
       
        path: `nursing-home-applications/${openApplication(ctx.summary, territory.EHPADS[p.ehpad])}/decision`,
        body: { at: ago(p.ago), outcome: p.outcome },
      };
    case 'institution':
      return { as: 'cm', path: 'institutionalization', body: { admittedAt: ago(p.ago), facility: territory.EHPADS[p.ehpad] } };
    case 'close':
      return { as: p.by === 'supervisor' ? 'supervisor' : 'cm', path: 'closure', body: { reason: p.reason, ...(p.note ? { note: p.note } : {}) } };
    default:
      throw new Error(`unknown demo step "${name}"`);
  }
}

/** Steps whose request needs the pathway's current summary (an application id). */
const NEEDS_SUMMARY = new Set(['medicalPart', 'nursingHomeDecided']);
/** The event each step leaves on the timeline (to skip the steps a previous run has done). */
/** @type {Record<string, string>} */
const STEP_EVENTS = {
  eligibility: 'ELIGIBILITY_DECIDED',
  assign: 'CASE_MANAGER_ASSIGNED',
  consent: 'CONSENT_RECORDED',
  contact: 'CONTACT_LOGGED',
  assessment: 'ASSESSMENT_RECORDED',
  plan: 'PLAN_RECORDED',
  acknowledge: 'PLAN_ACKNOWLEDGED',
  hospitalize: 'HOSPITAL_ADMISSION',
  discharge: 'HOSPITAL_DISCHARGE',
  respite: 'RESPITE_PLANNED',
  crisis: 'CRISIS_OPENED',
  crisisAction: 'CRISIS_ACTION_RECORDED',
  crisisResolved: 'CRISIS_RESOLVED',
  apa: 'APA_SUBMITTED',
  apaAcknowledged: 'APA_ACKNOWLEDGED',
  apaDecided: 'APA_DECIDED',
  legal: 'LEGAL_PROTECTION_REQUESTED',
  legalFiled: 'LEGAL_PROTECTION_FILED',
  legalRuled: 'LEGAL_PROTECTION_RULED',
  nursingHome: 'NURSING_HOME_APPLICATION_SUBMITTED',
  medicalPart: 'NURSING_HOME_MEDICAL_PART_COMPLETED',
  nursingHomeDecided: 'NURSING_HOME_APPLICATION_DECIDED',
  institution: 'INSTITUTIONAL_ADMISSION',
  close: 'PATHWAY_CLOSED',
};

/**
 * How many of the story's steps the timeline already shows, in order (events of the system and other
 * steps in between are passed over).
 * @param {import('./territory.cjs').StoryStep[]} steps @param {Array<{ type: string }>} timeline
 */
function stepsDone(steps, timeline) {
  let position = 0;
  for (let done = 0; done < steps.length; done++) {
    const event = STEP_EVENTS[steps[done][0]];
    const found = timeline.findIndex((e, i) => i >= position && e.type === event);
    if (found < 0) return done;
    position = found + 1;
  }
  return steps.length;
}

// ---- seeding ----------------------------------------------------------------------------------------

/**
 * Seeds the demo territory into the API at `apiUrl` (its origin, e.g. http://127.0.0.1:3000) and reports
 * what it did. Throws when the API cannot be used at all; a story that fails is reported in `failures`
 * and the others go on.
 * @param {{ apiUrl: string, log?: (line: string) => void, concurrency?: number, signal?: AbortSignal, secret?: string }} options
 * @returns {Promise<SeedReport>}
 */
async function seedDemo({ apiUrl, log = (line) => console.log(`[demo] ${line}`), concurrency = 6, signal, secret }) {
  const startedAt = Date.now();
  const api = new Api(apiUrl, signal);
  // Idempotency-Keys are this run's: a retried request is applied once; what earlier runs did is read
  // from the pathways themselves (a key of an interrupted run would stay "in progress" for minutes).
  const run = randomBytes(4).toString('hex');
  const key = secret ?? (process.env.AUTH_JWT_SECRET || localSecret());
  const T = territory.TERRITORY;
  const tokens = {
    intake: mintToken({ sub: `intake-${T}`, roles: ['intake'], territory: T }, key),
    supervisor: mintToken({ sub: `sup-${T}`, roles: ['supervisor'], territory: T }, key),
    /** @type {(id: string) => string} */
    cm: (id) => mintToken({ sub: id, roles: ['case_manager'], territory: T }, key),
    /** @type {(md: Physician) => string} */
    physician: (md) => mintToken({ sub: md.email, roles: ['physician'], email: md.email }, key),
  };
  /** @type {SeedReport} */
  const report = {
    caseManagers: { created: 0, existing: 0 },
    pathways: { created: 0, resumed: 0, unchanged: 0, failed: 0 },
    stepsSent: 0,
    failures: [],
    stages: {},
    caseloads: [],
    waitingList: 0,
    stuck: 0,
    demoUsers: [],
    seconds: 0,
  };

  // 1. The case managers (fixed ids: 409 means already there).
  for (const cm of territory.CASE_MANAGERS) {
    const answer = await api.call('POST', '/api/v1/case-managers', {
      token: tokens.supervisor,
      body: { id: cm.id, name: cm.name, email: cm.email, territory: T, capacity: cm.capacity },
    });
    if (answer.status === 201) report.caseManagers.created++;
    else if (answer.status === 409) report.caseManagers.existing++;
    else throw new ApiError(`adding case manager ${cm.id} answered ${answer.status}: ${problemText(answer.body)}`, answer.status, answer.body);
  }
  log(`territory ${T}: ${territory.CASE_MANAGERS.length} case managers (${report.caseManagers.created} added, ${report.caseManagers.existing} already there)`);
  // The territory's supervisor and intake desk (PUT: setting them again changes nothing), so their notices
  // reach the mail folder instead of waiting in the outbox for an address.
  for (const [role, contact] of Object.entries(territory.CONTACTS)) {
    const answer = await api.call('PUT', `/api/v1/territories/${T}/contacts/${role}`, { token: tokens.supervisor, body: contact });
    if (answer.status !== 200) throw new ApiError(`naming the ${role} contact answered ${answer.status}: ${problemText(answer.body)}`, answer.status, answer.body);
  }
  log(`territory ${T}: supervisor ${territory.CONTACTS.supervisor.email}, intake desk ${territory.CONTACTS.intake.email}`);

  // 2. What is already there: the territory's pathways by the person's external id.
  const existing = await listPathways(api, tokens.supervisor, T);
  /** @type {Map<string, any>} */
  const byExternalId = new Map();
  for (const item of existing) {
    const id = item.patient?.externalId;
    const known = byExternalId.get(id);
    if (!known || (known.closedAt && !item.closedAt)) byExternalId.set(id, item);
  }
  const plans = territory.STORIES.map((story, index) => planFor(story, index));
  const already = plans.filter((p) => byExternalId.has(p.externalId)).length;
  log(`${plans.length} pathways to seed${already ? ` (${already} already there: only their missing steps are sent)` : ''}, ${concurrency} at a time`);

  // 3. The stories, `concurrency` at a time, each one step after the other.
  let finished = 0;
  let next = 0;
  const width = String(plans.length).length;
  const seedOne = async (/** @type {Plan} */ plan) => {
    const since = Date.now();
    const lookUp = async () => (await listPathways(api, tokens.supervisor, T)).find((p) => p.patient?.externalId === plan.externalId && !p.closedAt);
    const outcome = await seedStory(api, tokens, plan, byExternalId.get(plan.externalId), run, lookUp);
    finished++;
    const count = `${String(finished).padStart(width)}/${plans.length}`;
    const who = `${plan.name} (${plan.story.cm ?? 'intake'})`;
    if (outcome.failure) {
      report.pathways.failed++;
      report.failures.push({ person: plan.name, step: outcome.failure.step, problem: outcome.failure.problem });
      log(`${count} ${who}: FAILED at step "${outcome.failure.step}": ${outcome.failure.problem}`);
      return;
    }
    report.stepsSent += outcome.sent;
    if (outcome.created) report.pathways.created++;
    else if (outcome.sent) report.pathways.resumed++;
    else report.pathways.unchanged++;
    if (!outcome.created && !outcome.sent) return; // already there: counted in the last line
    const what = outcome.created ? `${outcome.sent} steps` : `resumed, ${outcome.sent} missing steps`;
    log(`${count} ${who} → ${plan.story.stage}: ${plan.story.story} (${what}, ${((Date.now() - since) / 1000).toFixed(1)} s)`);
  };
  await Promise.all(
    Array.from({ length: Math.min(concurrency, plans.length) }, async () => {
      while (next < plans.length && !signal?.aborted) await seedOne(plans[next++]);
    }),
  );
  signal?.throwIfAborted();

  // 4. What a supervisor now sees (the projection follows the workflows within a moment).
  await sleep(1000, signal);
  for (const item of await listPathways(api, tokens.supervisor, T)) report.stages[item.stage] = (report.stages[item.stage] ?? 0) + 1;
  report.caseloads = await api.get(`/api/v1/supervision/caseloads?territory=${T}`, tokens.supervisor);
  report.waitingList = (await api.get(`/api/v1/supervision/waiting-list?territory=${T}`, tokens.supervisor)).length;
  report.stuck = (await api.get(`/api/v1/supervision/stuck?territory=${T}`, tokens.supervisor)).length;
  const users = await api.call('GET', '/api/v1/auth/demo-users');
  report.demoUsers = users.status === 200 ? users.body : [];
  report.seconds = (Date.now() - startedAt) / 1000;
  log(
    `done in ${report.seconds.toFixed(1)} s: ${report.pathways.created} pathways created, ${report.pathways.resumed} resumed, ${report.pathways.unchanged} already there, ` +
      `${report.pathways.failed} failed; ${report.stepsSent} steps sent`,
  );
  log(`stages: ${STAGES.map((s) => `${s} ${report.stages[s] ?? 0}`).join(', ')}`);
  log(`caseloads: ${report.caseloads.map((c) => `${c.name} ${c.active}/${c.capacity}`).join(', ')}; waiting list ${report.waitingList}; stuck ${report.stuck}`);
  return report;
}

/**
 * Every pathway of the territory, a page at a time (as its supervisor).
 * @param {Api} api @param {string} token @param {string} T
 * @returns {Promise<any[]>}
 */
async function listPathways(api, token, T) {
  const items = [];
  let cursor;
  do {
    const page = await api.get(`/api/v1/pathways?territory=${encodeURIComponent(T)}&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, token);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/**
 * One story: refers the person (unless a pathway exists), then sends the steps its timeline lacks.
 * @param {Api} api
 * @param {{ intake: string, supervisor: string, cm: (id: string) => string, physician: (md: Physician) => string }} tokens
 * @param {Plan} plan
 * @param {any} existing the person's pathway from the list, if any
 * @param {string} run this run's id, in every Idempotency-Key
 * @param {() => Promise<any>} lookUp the person's pathway, listed again
 * @returns {Promise<{ created: boolean, sent: number, failure?: { step: string, problem: string } }>}
 */
async function seedStory(api, tokens, plan, existing, run, lookUp) {
  const { story, externalId } = plan;
  let sent = 0;
  let created = false;
  let first = 0;
  /** @type {StoryContext | undefined} */
  let ctx;
  try {
    if (!existing) {
      const answer = await api.call('POST', '/api/v1/pathways', { token: tokens.intake, body: plan.referral, key: `demo-${run}-${externalId}-referral` });
      if (answer.status === 201) {
        created = true;
        sent++;
        ctx = { plan, pathwayId: answer.body.id, summary: answer.body };
      } else if (answer.status === 409 && (existing = await lookUp())) {
        // Opened meanwhile (by an interrupted run whose pathway the first listing missed): resume it.
      } else {
        return { created, sent, failure: { step: 'referral', problem: `${answer.status} ${problemText(answer.body)}` } };
      }
    }
    if (existing) {
      // Closed (by the story or by someone during a demo): never reopened, never referred again.
      if (existing.closedAt) return { created, sent };
      first = await stepsRecorded(api, tokens.supervisor, existing.id, story.steps);
      ctx = { plan, pathwayId: existing.id };
    }
  } catch (err) {
    if (api.signal?.aborted) throw err;
    return { created, sent, failure: { step: 'referral', problem: /** @type {Error} */ (err).message } };
  }
  if (!ctx) throw new Error('unreachable');

  for (let i = first; i < story.steps.length; i++) {
    const [name, params = {}] = story.steps[i];
    try {
      if (NEEDS_SUMMARY.has(name) && !ctx.summary) ctx.summary = await api.get(`/api/v1/pathways/${ctx.pathwayId}`, tokens.supervisor);
      const request = stepRequest(name, params, ctx);
      const token =
        request.as === 'intake' ? tokens.intake : request.as === 'supervisor' ? tokens.supervisor : request.as === 'physician' ? tokens.physician(plan.physician) : tokens.cm(String(story.cm));
      const answer = await api.call('POST', `/api/v1/pathways/${ctx.pathwayId}/${request.path}`, { token, body: request.body, key: `demo-${run}-${externalId}-${i + 1}-${name}` });
      if (answer.status !== 200) return { created, sent, failure: { step: `${i + 1}. ${name}`, problem: `${answer.status} ${problemText(answer.body)}` } };
      ctx.summary = answer.body;
      sent++;
    } catch (err) {
      if (api.signal?.aborted) throw err;
      return { created, sent, failure: { step: `${i + 1}. ${name}`, problem: /** @type {Error} */ (err).message } };
    }
  }
  return { created, sent };
}

/**
 * How many of the story's steps an existing pathway has recorded. The timeline is written by the
 * workflow just after a step is accepted; when it shows fewer steps than the story, it is read again until
 * it has caught up with the workflow's own state (its last step's time, from the live summary), so that
 * a step accepted just before an interruption is not sent a second time.
 * @param {Api} api @param {string} token @param {string} pathwayId @param {import('./territory.cjs').StoryStep[]} steps
 */
async function stepsRecorded(api, token, pathwayId, steps) {
  for (let attempt = 1; ; attempt++) {
    const timeline = await api.get(`/api/v1/pathways/${pathwayId}/timeline`, token);
    const done = stepsDone(steps, timeline);
    if (done === steps.length || attempt >= 20) return done;
    const summary = await api.get(`/api/v1/pathways/${pathwayId}`, token);
    const lastStep = Math.max(0, ...timeline.filter((/** @type {any} */ e) => e.actor !== 'system').map((/** @type {any} */ e) => Date.parse(e.at)));
    if (lastStep >= Date.parse(summary.lastActivityAt)) return done;
    await sleep(500, api.signal);
  }
}

/**
 * The lines that tell a newcomer where to go and as whom to sign in.
 * @param {string} apiUrl @param {SeedReport} report @returns {string[]}
 */
function signInLines(apiUrl, report) {
  const base = apiUrl.replace(/\/+$/, '');
  const loads = new Map(report.caseloads.map((c) => [c.caseManagerId, `${c.active}/${c.capacity}`]));
  /** @param {string} role */
  const of = (role) => report.demoUsers.filter((u) => u.role === role);
  return [
    `Sign in at ${base}/connexion and pick a demo user:`,
    ...of('supervisor').map((u) => `   supervisor     ${u.name} (${u.id}): stuck pathways, caseloads, waiting list at ${base}/supervision`),
    ...of('case_manager').map((u) => `   case manager   ${u.name} (${u.id}), ${loads.get(u.id) ?? '?'} pathways: ${base}/portefeuille`),
    ...of('physician').map((u) => `   physician      ${u.name} (${u.id}): their patients' plans to acknowledge`),
    ...of('intake').map((u) => `   intake         ${u.name} (${u.id}): referrals and eligibility, through the API`),
    `Tokens for curl: GET ${base}/api/v1/auth/demo-users, or npm run -s token -- --sub sup-${territory.TERRITORY} --roles supervisor --territory ${territory.TERRITORY}`,
    `Clocks run one minute per day (${path.relative(ROOT, POLICY_FILE)}): watch deadlines pass on the stuck list and reminders arrive in the mail catcher.`,
  ];
}

module.exports = { seedDemo, signInLines, POLICY_FILE, DEMO_DAY_MS, STAGES };

if (require.main === module) {
  const { parseArgs } = require('node:util');
  const { values } = parseArgs({ options: { api: { type: 'string', default: `http://127.0.0.1:${process.env.PORT || 3000}` }, concurrency: { type: 'string', default: '6' } } });
  const apiUrl = String(values.api);
  seedDemo({ apiUrl, concurrency: Number(values.concurrency) })
    .then((report) => {
      for (const line of signInLines(apiUrl, report)) console.log(line);
      process.exit(report.failures.length ? 1 : 0);
    })
    .catch((err) => {
      console.error(`[demo] error: ${err.message}`);
      process.exit(1);
    });
}
