import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode, type RefObject } from 'react';
import type { PathwaySummary } from '../api/client';
import { asProblem, fieldErrors, type Problem } from '../api/problem';
import { frenchFieldMessage, refusalSentence } from './reasons';
import { answerKept, idempotencyKeyFor, isRequired, optionsOf, titleOf, unplacedErrors, type AnyStepSpec, type Draft, type FieldSpec, type StepAnswer, type StepContext } from './form';
import { draftTyped } from './open-forms';

/**
 * Sends a step and keeps its outcome: the problem while refused (the draft is the caller's and is not
 * touched), the confirmation once accepted. A send that got no answer (the network, a 5xx: the API
 * keeps nothing of those) is sent again with the same Idempotency-Key when the body is the same, so a
 * second click never applies a step twice; an answered request, accepted or refused, is never replayed.
 */
export function useStepSubmit() {
  const [problem, setProblem] = useState<Problem>();
  const [sending, setSending] = useState(false);
  const [done, setDone] = useState<string>();
  const unanswered = useRef<{ key: string; request: string }>(undefined);
  const submit = async (request: unknown, send: (idempotencyKey: string) => Promise<StepAnswer>, onAccepted: (summary: PathwaySummary) => string) => {
    const fingerprint = JSON.stringify(request);
    const key = idempotencyKeyFor(unanswered.current, fingerprint, () => crypto.randomUUID());
    unanswered.current = { key, request: fingerprint };
    setSending(true);
    setDone(undefined);
    try {
      const { data, error, response } = await send(key);
      const refused = asProblem(response.status, error);
      if (answerKept(response.status, refused)) unanswered.current = undefined;
      if (response.ok && data) {
        setProblem(undefined);
        setDone(onAccepted(data));
      } else {
        setProblem(refused);
      }
    } catch {
      setProblem({ status: 0, detail: 'le serveur ne répond pas' });
    } finally {
      setSending(false);
    }
  };
  /** A refusal found before sending (a value that goes in the path), shown like the API's. */
  const refuse = (errors: Array<{ field: string; message: string }>) => {
    setDone(undefined);
    setProblem({ status: 400, errors });
  };
  return { problem, sending, done, submit, refuse, errors: fieldErrors(problem) };
}

/** The form's top: the refusal in plain words (and field errors with no field of their own), or the confirmation. */
/**
 * What every step form tells its panel: the heading takes the focus when the user opened the form,
 * whether something is typed (said when it changes), and a 409 (the page then reloads the pathway).
 * Returns the heading's ref.
 */
export function useFormSignals(options: { focusOnOpen?: boolean; typed: boolean; onTyped?: (typed: boolean) => void; problem?: Problem; onOutdated?: () => void }) {
  const { focusOnOpen, typed, onTyped, problem, onOutdated } = options;
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focusOnOpen) heading.current?.focus();
  }, [focusOnOpen]);
  useEffect(() => {
    onTyped?.(typed);
    // Said when it changes only; the callback is the panel's, for this form's step.
  }, [typed]);
  useEffect(() => {
    if (problem?.status === 409) onOutdated?.();
  }, [problem]);
  return heading;
}

/** The top of every step form: its title (focus target), the close button, a notice, and a refusal if any. */
export function StepFormTop(props: {
  titleId: string;
  title: string;
  heading: RefObject<HTMLHeadingElement | null>;
  onClose?: () => void;
  notice?: string;
  problem?: Problem;
  unplaced: Array<{ field: string; message: string }>;
}) {
  const { titleId, title, heading, onClose, notice, problem, unplaced } = props;
  return (
    <>
      <div className="title-row">
        <h3 id={titleId} ref={heading} tabIndex={-1}>
          {title}
        </h3>
        {onClose && (
          <button type="button" className="secondary" onClick={onClose} aria-label={`Fermer le formulaire « ${title} »`}>
            Fermer
          </button>
        )}
      </div>
      {notice && <p className="notice">{notice}</p>}
      {/* The confirmation is the steps panel's (this form closes once accepted): only a refusal shows here. */}
      <StepOutcome problem={problem} unplaced={unplaced} />
    </>
  );
}

export function StepOutcome({ problem, done, unplaced }: { problem?: Problem; done?: string; unplaced: Array<{ field: string; message: string }> }) {
  return (
    <>
      {problem && (
        <div role="alert" className="error">
          <p>{refusalSentence(problem)}</p>
          {unplaced.length > 0 && (
            <ul>
              {unplaced.map((e) => (
                <li key={e.field + e.message}>{frenchFieldMessage(e.message)}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {done && (
        <p role="status" className="success">
          {done}
        </p>
      )}
    </>
  );
}

/**
 * One labelled input with its hint and its errors, linked by aria-describedby; a radio group is a
 * fieldset whose legend is the label.
 */
export function FieldView({
  field,
  inputId,
  value,
  messages,
  required,
  options = [],
  onChange,
}: {
  field: Pick<FieldSpec, 'name' | 'label' | 'kind' | 'hint' | 'min' | 'max'>;
  inputId: string;
  value: string | boolean | undefined;
  messages: string[];
  required?: boolean;
  options?: Array<{ value: string; label: string }>;
  onChange: (value: string | boolean) => void;
}) {
  const hintId = field.hint ? `${inputId}-aide` : undefined;
  const errorId = messages.length ? `${inputId}-erreur` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  const invalid = messages.length ? true : undefined;
  const label = (
    <>
      {field.label}
      {required && <span aria-hidden="true"> *</span>}
    </>
  );
  const hint = field.hint && (
    <span id={hintId} className="hint">
      {field.hint}
    </span>
  );
  const error = errorId && (
    <p id={errorId} className="field-error">
      {messages.map(frenchFieldMessage).join(' ')}
    </p>
  );
  const text = typeof value === 'string' ? value : '';
  const common = { id: inputId, name: field.name, 'aria-invalid': invalid, 'aria-describedby': describedBy, required };
  let input: ReactNode;
  if (field.kind === 'radio') {
    return (
      <fieldset className={`field choices${invalid ? ' invalid' : ''}`} aria-describedby={describedBy} id={inputId}>
        <legend>{label}</legend>
        {hint}
        {options.map((o) => (
          <label key={o.value} className="choice">
            <input type="radio" name={`${inputId}-${field.name}`} value={o.value} checked={text === o.value} onChange={() => onChange(o.value)} />
            {o.label}
          </label>
        ))}
        {error}
      </fieldset>
    );
  }
  if (field.kind === 'checkbox') {
    return (
      <div className={`field checkbox${invalid ? ' invalid' : ''}`}>
        <label htmlFor={inputId}>
          <input type="checkbox" {...common} checked={value === true} onChange={(e) => onChange(e.target.checked)} />
          {label}
        </label>
        {hint}
        {error}
      </div>
    );
  }
  if (field.kind === 'textarea') input = <textarea rows={3} {...common} value={text} onChange={(e) => onChange(e.target.value)} />;
  else if (field.kind === 'select')
    input = (
      <select {...common} value={text} onChange={(e) => onChange(e.target.value)}>
        <option value="">— choisir —</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    );
  else {
    const type = field.kind === 'datetime' ? 'datetime-local' : field.kind === 'number' ? 'number' : field.kind === 'date' ? 'date' : 'text';
    input = <input type={type} inputMode={field.kind === 'number' ? 'numeric' : undefined} min={field.min} max={field.max} {...common} value={text} onChange={(e) => onChange(e.target.value)} />;
  }
  return (
    <div className={`field${field.kind === 'textarea' ? ' wide' : ''}${invalid ? ' invalid' : ''}`}>
      <label htmlFor={inputId}>{label}</label>
      {hint}
      {input}
      {error}
    </div>
  );
}

/**
 * A step of the pathway as a form. A refusal keeps everything typed: each field the API names shows
 * its message under the field (marked invalid for screen readers), a 409 is one sentence on top. Once
 * accepted, the confirmation goes to `onRecorded` (the steps panel shows it once and closes the form).
 */
export function StepForm({
  spec,
  ctx,
  onRecorded,
  onClose,
  onOutdated,
  onTyped,
  focusOnOpen,
  notice,
}: {
  spec: AnyStepSpec;
  ctx: StepContext;
  onRecorded: (summary: PathwaySummary, confirmation: string) => void;
  onClose?: () => void;
  /** The server refused the step as not possible now (409): the page may be behind the pathway. */
  onOutdated?: () => void;
  /** Called when the form goes from nothing typed to something typed, and back. */
  onTyped?: (typed: boolean) => void;
  /** Opened by the user (not by the stage): move the keyboard focus to the form's heading. */
  focusOnOpen?: boolean;
  /** A sentence on top of the form (e.g. its step is no longer offered at this stage). */
  notice?: string;
}) {
  const [start] = useState<Draft>(() => spec.initial(ctx));
  const [draft, setDraft] = useState<Draft>(start);
  const { problem, sending, submit, refuse, errors } = useStepSubmit();
  const id = useId();
  const titleId = `${id}-titre`;
  // The body last built, for the draft it was built from: a date left on the current minute becomes
  // "now" when the body is built, so the same draft sent again must send that same body (and so reuse
  // its Idempotency-Key), not a new "now".
  const built = useRef<{ draft: string; body: unknown }>(undefined);
  const shown = spec.fields.filter((f) => !f.when || f.when(draft));
  const info = spec.info?.(ctx);
  const title = titleOf(spec, ctx);
  const typed = draftTyped(start, draft);
  const heading = useFormSignals({ focusOnOpen, typed, onTyped, problem, onOutdated });

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const local = spec.pathErrors?.(draft) ?? [];
    if (local.length) return refuse(local);
    const json = JSON.stringify(draft);
    const body = built.current?.draft === json ? built.current.body : spec.toBody(draft, ctx);
    built.current = { draft: json, body };
    await submit(
      { body, draft },
      (key) => spec.send(ctx, body, draft, key),
      (summary) => {
        const confirmation = spec.done(summary);
        onRecorded(summary, confirmation);
        return confirmation;
      },
    );
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby={titleId} className="card step-form" data-step={spec.key}>
      <StepFormTop titleId={titleId} title={title} heading={heading} onClose={onClose} notice={notice} problem={problem} unplaced={unplacedErrors(problem?.errors ?? [], spec.fields, draft)} />
      {info && <p className="info">{info}</p>}
      <div className="grid">
        {shown.map((field) => (
          <FieldView
            key={field.name}
            field={field}
            inputId={`${id}-${field.name.replace(/\W/g, '-')}`}
            value={draft[field.name]}
            required={isRequired(field, draft)}
            options={optionsOf(field, ctx)}
            messages={[field.name, ...(field.errorsFrom ?? [])].flatMap((name) => errors[name] ?? [])}
            onChange={(value) => setDraft((d) => ({ ...d, [field.name]: value }))}
          />
        ))}
      </div>
      {shown.some((f) => isRequired(f, draft)) && <p className="hint">Les champs marqués * sont obligatoires.</p>}
      <button type="submit" disabled={sending}>
        {sending ? 'Enregistrement…' : spec.submitLabel}
      </button>
    </form>
  );
}
