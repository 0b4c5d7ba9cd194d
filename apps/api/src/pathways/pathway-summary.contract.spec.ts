/**
 * The summary's OpenAPI description (dto/pathway-summary.dto.ts) against what the domain sends: a pathway
 * lives a story that opens every episode and file, and each summary on the way, as JSON (the way the
 * workflow's answer travels), must hold only keys the document declares, every key it requires, and values
 * of the declared type. A field the domain adds to a record without adding it to the DTOs fails here,
 * before the web app (typed by the document) silently loses it.
 */
import { Test } from '@nestjs/testing';
import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { summarize } from '@pathway/domain';
import type { PathwayCommand } from '@pathway/domain';
import { PathwayStory, storyUpTo } from '../../../../libs/domain/src/testing/pathway-fixtures';
import { PathwayAccess } from '../common/access/pathway-access';
import { EpisodesController } from './episodes.controller';
import { PathwayStepsController } from './pathway-steps.controller';
import { PathwaysController } from './pathways.controller';
import { PathwaysService } from './pathways.service';

interface Schema {
  $ref?: string;
  allOf?: Schema[];
  type?: string;
  format?: string;
  enum?: unknown[];
  nullable?: boolean;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: Schema | boolean;
}

/** The OpenAPI document of the pathway routes, built from their controllers as main.ts builds /docs-json. */
async function pathwayDocument(): Promise<OpenAPIObject> {
  const moduleRef = await Test.createTestingModule({
    controllers: [PathwaysController, PathwayStepsController, EpisodesController],
    providers: [
      { provide: PathwaysService, useValue: {} },
      { provide: PathwayAccess, useValue: {} },
    ],
  }).compile();
  const app: INestApplication = moduleRef.createNestApplication();
  try {
    return SwaggerModule.createDocument(app, new DocumentBuilder().build());
  } finally {
    await app.close();
  }
}

/** `$ref` and `allOf` (how @nestjs/swagger wraps a described reference) resolved to one schema. */
function resolve(document: OpenAPIObject, schema: Schema): Schema {
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = document.components?.schemas?.[name] as Schema | undefined;
    if (!target) throw new Error(`${schema.$ref} is not in the document`);
    return resolve(document, target);
  }
  if (schema.allOf) {
    const { allOf, ...own } = schema;
    return allOf.map((s) => resolve(document, s)).reduce<Schema>(
      (merged, s) => ({
        ...merged,
        ...s,
        properties: { ...merged.properties, ...s.properties },
        required: [...(merged.required ?? []), ...(s.required ?? [])],
      }),
      own,
    );
  }
  return schema;
}

/** The component a schema refers to (`DeadlineDto`), if any. */
function nameOf(schema: Schema): string | undefined {
  if (schema.$ref) return schema.$ref.replace('#/components/schemas/', '');
  return schema.allOf?.length === 1 ? nameOf(schema.allOf[0]) : undefined;
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Checks `value` against `schema`, pushing what does not match to `problems`, and records in `seen` every
 * declared property found, by component (`DeadlineDto.ref`).
 */
function check(document: OpenAPIObject, value: unknown, declared: Schema, path: string, problems: string[], seen: Set<string>): void {
  const schema = resolve(document, declared);
  if (value === null) {
    if (!schema.nullable) problems.push(`${path} is null, which the document does not allow`);
    return;
  }
  if (schema.enum && !schema.enum.includes(value)) problems.push(`${path} is ${JSON.stringify(value)}, not one of the declared ${JSON.stringify(schema.enum)}`);
  const type = schema.type ?? (schema.properties ? 'object' : undefined);
  switch (type) {
    case 'string':
      if (typeof value !== 'string') problems.push(`${path} is ${JSON.stringify(value)}, declared a string`);
      else if (schema.format === 'date-time' && (!ISO_DATE_TIME.test(value) || Number.isNaN(Date.parse(value)))) {
        problems.push(`${path} is ${JSON.stringify(value)}, declared a date-time`);
      }
      return;
    case 'integer':
      if (!Number.isInteger(value)) problems.push(`${path} is ${JSON.stringify(value)}, declared an integer`);
      return;
    case 'number':
      if (typeof value !== 'number') problems.push(`${path} is ${JSON.stringify(value)}, declared a number`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') problems.push(`${path} is ${JSON.stringify(value)}, declared a boolean`);
      return;
    case 'array':
      if (!Array.isArray(value)) problems.push(`${path} is ${JSON.stringify(value)}, declared an array`);
      else for (const item of value) check(document, item, schema.items ?? {}, `${path}[]`, problems, seen);
      return;
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) {
        problems.push(`${path} is ${JSON.stringify(value)}, declared an object`);
        return;
      }
      const properties = schema.properties ?? {};
      const extra = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
      for (const [key, v] of Object.entries(value)) {
        const at = path ? `${path}.${key}` : key;
        if (properties[key]) {
          seen.add(`${nameOf(declared) ?? path}.${key}`);
          check(document, v, properties[key], at, problems, seen);
        } else if (extra) check(document, v, extra, `${path}{}`, problems, seen);
        else if (schema.additionalProperties !== true) problems.push(`${at} is sent but not declared in the document`);
      }
      for (const key of schema.required ?? []) if (!(key in value)) problems.push(`${path ? `${path}.` : ''}${key} is declared required but absent`);
      return;
    }
    default:
      problems.push(`${path}: the document gives no type (${JSON.stringify(declared)})`);
  }
}

/** The properties of the components `declared` refers to, nested ones included (`check`'s notation for `seen`). */
function declaredProperties(document: OpenAPIObject, declared: Schema): string[] {
  const schema = resolve(document, declared);
  if (schema.type === 'array') return declaredProperties(document, schema.items ?? {});
  const name = nameOf(declared);
  if (!name) return [];
  return Object.entries(schema.properties ?? {}).flatMap(([key, property]) => [`${name}.${key}`, ...declaredProperties(document, property)]);
}

const at = (day: string) => `${day}T10:00:00.000Z`;

/**
 * A pathway in follow-up that goes through every episode and file, in every state the summary shows
 * them: a discharge home followed up, respites (one across two calendar years), a crisis resolved and
 * another left without action (overdue), an APA file deemed granted then decided and its provider
 * declared, a legal protection request that lapses then a measure granted, EHPAD applications (one
 * waitlisted); then, with every episode open at once, a second stay; then the first acceptance
 * (institution) and the closure. Returns the summary (as JSON) before and after each step, and the one
 * with every episode open.
 */
function summariesOfAStory(): { summaries: unknown[]; everyEpisodeOpen: Record<string, unknown> } {
  const story: PathwayStory = storyUpTo('FOLLOW_UP');
  const summaries: unknown[] = [];
  const summaryAt = (when: string) => JSON.parse(JSON.stringify(summarize(story.state, new Date(when), undefined, story.policy))) as Record<string, unknown>;
  const step = (command: PathwayCommand, when: string) => {
    story.advanceTo(when);
    summaries.push(summaryAt(when));
    story.step(command, when, 'cm-1');
    summaries.push(summaryAt(when));
  };

  // The agenda: a home visit booked before the follow-up contact is due (shown against it), moved, held.
  step({ type: 'bookAppointment', kind: 'HOME_VISIT', at: at('2025-04-18'), place: 'au domicile', withWhom: 'Claire A.', note: 'apporter le dossier APA' }, at('2025-04-16'));
  step({ type: 'rescheduleAppointment', appointmentId: 'appointment-1', at: at('2025-04-19') }, at('2025-04-17'));
  step({ type: 'recordAppointmentOutcome', appointmentId: 'appointment-1', outcome: 'DONE', at: at('2025-04-19') }, at('2025-04-19'));
  step({ type: 'admitToHospital', admittedAt: at('2025-04-20'), facility: 'CHU Bichat', reason: 'chute' }, at('2025-04-20'));
  step({ type: 'dischargeFromHospital', dischargedAt: at('2025-04-25'), destination: 'HOME' }, at('2025-04-25'));
  step({ type: 'recordDischargeLetter', receivedAt: '2025-04-25T18:00:00.000Z' }, '2025-04-25T18:00:00.000Z');
  step({ type: 'confirmServicesRestarted', at: at('2025-04-26') }, at('2025-04-26'));
  step({ type: 'planRespite', kind: 'TEMPORARY_ACCOMMODATION', startsAt: at('2025-12-20'), endsAt: at('2026-01-10'), provider: 'EHPAD Les Lilas' }, at('2025-04-27'));
  step({ type: 'planRespite', kind: 'DAY_CARE', startsAt: at('2025-04-28'), endsAt: at('2025-05-20'), provider: 'Accueil de jour Les Lilas' }, at('2025-04-27'));
  step({ type: 'openCrisis', kind: 'CAREGIVER_EXHAUSTION', at: at('2025-04-29'), note: 'aidante épuisée' }, at('2025-04-29'));
  step({ type: 'recordCrisisAction', at: '2025-04-29T12:00:00.000Z' }, '2025-04-29T12:00:00.000Z');
  step({ type: 'resolveCrisis', at: at('2025-04-30') }, at('2025-04-30'));
  step({ type: 'openCrisis', kind: 'ACUTE_SITUATION', at: at('2025-05-01') }, at('2025-05-01'));
  step({ type: 'submitApaApplication', submittedAt: at('2025-05-01'), emergency: true }, at('2025-05-01'));
  step({ type: 'acknowledgeApaApplication', at: at('2025-05-05'), completeFileAt: at('2025-05-04') }, at('2025-05-05'));
  step({ type: 'requestLegalProtection', kind: 'CURATELLE', certificateAt: at('2025-05-06') }, at('2025-05-06'));
  step({ type: 'fileLegalProtectionRequest', filedAt: at('2025-05-07') }, at('2025-05-07'));
  step({ type: 'submitNursingHomeApplication', facility: 'EHPAD Les Tilleuls', submittedAt: at('2025-05-08') }, at('2025-05-08'));
  step({ type: 'submitNursingHomeApplication', facility: 'EHPAD Les Lilas', submittedAt: at('2025-05-09') }, at('2025-05-09'));
  step({ type: 'completeNursingHomeMedicalPart', applicationId: 'nh-1', completedAt: at('2025-05-10') }, at('2025-05-10'));
  step({ type: 'decideNursingHomeApplication', applicationId: 'nh-2', at: at('2025-05-12'), outcome: 'WAITLISTED' }, at('2025-05-12'));
  // Two months without a decision: the APA is deemed granted; the département decides later.
  step({ type: 'decideApaApplication', decidedAt: at('2025-07-10'), outcome: 'GRANTED', gir: 3 }, at('2025-07-10'));
  step({ type: 'declareApaProvider', at: at('2025-07-20'), provider: 'SAAD Nord' }, at('2025-07-20'));
  // A year without a ruling: the request lapses; a new one is granted.
  step({ type: 'requestLegalProtection', kind: 'TUTELLE', certificateAt: at('2026-05-09') }, at('2026-05-10'));
  step({ type: 'fileLegalProtectionRequest', filedAt: at('2026-05-11') }, at('2026-05-11'));
  step(
    { type: 'recordLegalProtectionRuling', ruledAt: at('2026-06-01'), outcome: 'GRANTED', measureEndsAt: at('2031-06-01'), representative: 'Claire A.' },
    at('2026-06-01'),
  );
  step({ type: 'planRespite', kind: 'DAY_CARE', startsAt: at('2026-08-03'), endsAt: at('2026-08-07'), provider: 'Accueil de jour Les Lilas' }, at('2026-06-02'));
  step({ type: 'admitToHospital', admittedAt: at('2026-06-05'), facility: 'Hôpital Saint-Antoine' }, at('2026-06-05'));
  const everyEpisodeOpen = summaryAt(at('2026-06-05'));
  step({ type: 'decideNursingHomeApplication', applicationId: 'nh-1', at: at('2026-06-10'), outcome: 'ACCEPTED' }, at('2026-06-10'));
  step({ type: 'closePathway', reason: 'INSTITUTIONALIZED', note: 'entrée stabilisée' }, at('2026-06-20'));
  return { summaries, everyEpisodeOpen };
}

describe('the OpenAPI description of the pathway summary', () => {
  let document: OpenAPIObject;
  let summarySchema: Schema;
  let summaries: unknown[];
  let everyEpisodeOpen: Record<string, unknown>;

  beforeAll(async () => {
    ({ summaries, everyEpisodeOpen } = summariesOfAStory());
    document = await pathwayDocument();
    const answer = document.paths['/api/v1/pathways/{id}']?.get?.responses['200'] as { content?: Record<string, { schema: Schema }> } | undefined;
    summarySchema = answer?.content?.['application/json']?.schema ?? {};
  });

  it('is the schema GET /api/v1/pathways/{id} answers with', () => {
    expect(summarySchema).toEqual({ $ref: '#/components/schemas/PathwaySummaryDto' });
  });

  it('the story has a summary with every episode and file open at once', () => {
    const declared = Object.keys(resolve(document, resolve(document, summarySchema).properties?.episodes ?? {}).properties ?? {});
    // An institution ends life at home (hospital stay, respites): it comes later in the story.
    const open = Object.keys(everyEpisodeOpen.episodes as object);
    expect(declared.filter((key) => !open.includes(key))).toEqual(['institution']);
  });

  it('declares every key the domain sends, with its type, and requires only what is always sent', () => {
    const problems = new Set<string>();
    for (const summary of summaries) {
      const found: string[] = [];
      check(document, summary, summarySchema, '', found, new Set());
      for (const problem of found) problems.add(problem);
    }
    expect([...problems]).toEqual([]);
  });

  it('declares nothing in the episodes and deadlines that the domain never sends', () => {
    const seen = new Set<string>();
    for (const summary of summaries) check(document, summary, summarySchema, '', [], seen);
    const properties = resolve(document, summarySchema).properties ?? {};
    const declared = new Set([...declaredProperties(document, properties.episodes), ...declaredProperties(document, properties.deadlines)]);
    expect([...declared].filter((property) => !seen.has(property))).toEqual([]);
  });
});
