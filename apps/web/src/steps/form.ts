// A step form described as data: its fields, how the typed text becomes the API's body (the body type
// comes from schema.d.ts), and how it is sent. StepForm.tsx renders any of them the same way.
import type { PathwaySummary } from '../api/client';
import type { StepKey } from './availability';
import type { OpenEpisodes } from './episodes';

/** What the user typed, by field name (the API's name for the field, so its errors land there). */
export type Draft = Record<string, string | boolean>;

export interface Option {
  value: string;
  label: string;
}

export interface FieldSpec {
  name: string;
  label: string;
  kind: 'datetime' | 'date' | 'text' | 'textarea' | 'number' | 'select' | 'checkbox' | 'radio';
  /** Choices of a select or radio group (a function when they come from the pathway). */
  options?: Option[] | ((ctx: StepContext) => Option[]);
  hint?: string;
  required?: boolean | ((draft: Draft) => boolean);
  /** Shown only when this holds (e.g. the reorientation of a refusal). */
  when?: (draft: Draft) => boolean;
  /** Other field names of the API whose errors belong next to this field. */
  errorsFrom?: string[];
  min?: number;
  max?: number;
}

export interface StepContext {
  pathwayId: string;
  summary: PathwaySummary;
  episodes: OpenEpisodes;
}

export interface StepAnswer {
  data?: PathwaySummary;
  error?: unknown;
  response: Response;
}

export interface StepSpec<Body> {
  key: StepKey;
  /** The form's heading, and the name of the button that opens it. */
  title: string | ((ctx: StepContext) => string);
  submitLabel: string;
  fields: FieldSpec[];
  initial: (ctx: StepContext) => Draft;
  toBody: (draft: Draft, ctx: StepContext) => Body;
  send: (ctx: StepContext, body: Body, draft: Draft, idempotencyKey: string) => Promise<StepAnswer>;
  /** The confirmation, once the workflow accepted the step. */
  done: (summary: PathwaySummary) => string;
  /**
   * Errors the API cannot name as fields because the value goes in the path (which respite, which
   * application): checked before sending.
   */
  pathErrors?: (draft: Draft) => Array<{ field: string; message: string }>;
  /** A sentence above the fields (e.g. the respite days left). */
  info?: (ctx: StepContext) => string | undefined;
}

// Each module declares its steps with their own body type; the page holds them in one list.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyStepSpec = StepSpec<any>;

/** Declares a step, checking `toBody` and `send` agree on the schema's body type. */
export const step = <Body>(spec: StepSpec<Body>): StepSpec<Body> => spec;

// ---- from what was typed to the API's values ----

const pad = (n: number) => String(n).padStart(2, '0');

/** A moment as a datetime-local input shows it (local time, to the minute). */
export function localDateTime(date: Date = new Date()): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A day as a date input shows it. */
export function localDate(date: Date = new Date()): string {
  return localDateTime(date).slice(0, 10);
}

const str = (value: string | boolean | undefined) => (typeof value === 'string' ? value : '');

/**
 * A datetime-local value as an ISO-8601 instant; '' when blank and the text as typed when it is not a
 * date, so the API names the field rather than the form guessing.
 */
export function instant(value: string | boolean | undefined, now: Date = new Date()): string {
  const v = str(value).trim();
  if (!v) return '';
  const parsed = new Date(v);
  if (Number.isNaN(parsed.getTime())) return v;
  // The input shows minutes only, and defaults to the current one: sent as its first second, a step
  // taken in the same minute as the previous one would be dated before it (and refused). The current
  // minute means "now".
  const elapsed = now.getTime() - parsed.getTime();
  return elapsed >= 0 && elapsed < 60_000 ? now.toISOString() : parsed.toISOString();
}

/** Like instant(), but a blank optional date is left out of the body. */
export function optionalInstant(value: string | boolean | undefined): string | undefined {
  return instant(value) || undefined;
}

/** Optional text: blank is left out (the API refuses unknown and empty optional fields alike). */
export function optionalText(value: string | boolean | undefined): string | undefined {
  const v = str(value).trim();
  return v === '' ? undefined : v;
}

/** A number field: blank left out, anything else as a number (the API judges the range). */
export function optionalNumber(value: string | boolean | undefined): number | undefined {
  const v = str(value).trim().replace(',', '.');
  return v === '' ? undefined : Number(v);
}

export const checked = (value: string | boolean | undefined): boolean => value === true;

/** A select's value as one of the schema's enum members (the select only offers those). */
export const choice = <T extends string>(value: string | boolean | undefined): T => str(value) as T;

export function optionsOf(field: FieldSpec, ctx: StepContext): Option[] {
  return typeof field.options === 'function' ? field.options(ctx) : field.options ?? [];
}

export function isRequired(field: FieldSpec, draft: Draft): boolean {
  return typeof field.required === 'function' ? field.required(draft) : field.required === true;
}

/** Field errors the form cannot place next to one of its visible fields: they are listed on top. */
export function unplacedErrors(errors: Array<{ field: string; message: string }>, fields: FieldSpec[], draft: Draft) {
  const placed = new Set(fields.filter((f) => !f.when || f.when(draft)).flatMap((f) => [f.name, ...(f.errorsFrom ?? [])]));
  return errors.filter((e) => !placed.has(e.field));
}

/** The path-parameter check of a select: nothing chosen is said next to it. */
export const chosen = (field: string, message: string) => (draft: Draft) => (typeof draft[field] === 'string' && draft[field] !== '' ? [] : [{ field, message }]);

export const titleOf = (spec: { title: string | ((ctx: StepContext) => string) }, ctx: StepContext) => (typeof spec.title === 'function' ? spec.title(ctx) : spec.title);

/**
 * Whether the API kept an answer for this Idempotency-Key: it does for every 2xx and 4xx, not for a
 * 5xx, nor for the 409 that says the same key is still in progress (that one names no stage or reason).
 */
export function answerKept(status: number, problem: { stage?: string; reason?: string }): boolean {
  return status < 500 && !(status === 409 && !problem.stage && !problem.reason);
}

/** The key for a send: the unanswered one again for the same request, a new one otherwise. */
export function idempotencyKeyFor(unanswered: { key: string; request: string } | undefined, request: string, fresh: () => string): string {
  return unanswered?.request === request ? unanswered.key : fresh();
}
