import { useId, useState, type FormEvent } from 'react';
import { api, type AssessmentInput, type PathwaySummary } from '../api/client';
import { asProblem, fieldErrors, plainReason, type Problem } from '../api/problem';
import { stageLabel } from '../labels';

type Draft = { performedAt: string; mmse: string; gir: string; zarit: string; livingSituation: string; summary: string };

/** Now, as a datetime-local input wants it (local time, minutes). */
function localNow(): string {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

const EMPTY = (): Draft => ({ performedAt: localNow(), mmse: '', gir: '', zarit: '', livingSituation: '', summary: '' });

/** The form's text as the API's body: scores as numbers (the API judges their range), blanks left out. */
function toBody(draft: Draft): AssessmentInput {
  const score = (value: string) => (value.trim() === '' ? undefined : Number(value));
  return {
    performedAt: draft.performedAt ? new Date(draft.performedAt).toISOString() : '',
    mmse: score(draft.mmse),
    gir: score(draft.gir),
    zarit: score(draft.zarit),
    livingSituation: draft.livingSituation.trim() || undefined,
    summary: draft.summary,
  };
}

/**
 * Records an assessment. A rejection keeps everything typed: each field the API names shows its message
 * under the field (and is marked invalid for screen readers), anything else is one sentence on top.
 */
export function AssessmentForm({ pathwayId, onRecorded }: { pathwayId: string; onRecorded: (summary: PathwaySummary) => void }) {
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [problem, setProblem] = useState<Problem>();
  const [sending, setSending] = useState(false);
  const [done, setDone] = useState<string>();
  const id = useId();
  const errors = fieldErrors(problem);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSending(true);
    setDone(undefined);
    try {
      const { data, error, response } = await api.POST('/api/v1/pathways/{id}/assessments', {
        params: { path: { id: pathwayId }, header: { 'Idempotency-Key': crypto.randomUUID() } },
        body: toBody(draft),
      });
      if (response.ok && data) {
        setProblem(undefined);
        setDraft(EMPTY());
        setDone(`Évaluation enregistrée. Le parcours est maintenant à l’étape « ${stageLabel(data.stage)} ».`);
        onRecorded(data);
      } else {
        setProblem(asProblem(response.status, error));
      }
    } catch {
      setProblem({ status: 0, detail: 'le serveur ne répond pas' });
    } finally {
      setSending(false);
    }
  };

  const field = (name: keyof Draft, label: string, input: 'number' | 'text' | 'datetime-local' | 'textarea', extra: { min?: number; max?: number; hint?: string; required?: boolean } = {}) => {
    const inputId = `${id}-${name}`;
    const messages = errors[name] ?? [];
    const describedBy = [extra.hint ? `${inputId}-aide` : '', messages.length ? `${inputId}-erreur` : ''].filter(Boolean).join(' ') || undefined;
    const common = {
      id: inputId,
      name,
      value: draft[name],
      'aria-invalid': messages.length ? true : undefined,
      'aria-describedby': describedBy,
      required: extra.required,
      onChange: (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [name]: e.target.value })),
    };
    return (
      <div className={`field${messages.length ? ' invalid' : ''}`}>
        <label htmlFor={inputId}>
          {label}
          {extra.required && <span aria-hidden="true"> *</span>}
        </label>
        {extra.hint && (
          <span id={`${inputId}-aide`} className="hint">
            {extra.hint}
          </span>
        )}
        {input === 'textarea' ? <textarea rows={3} {...common} /> : <input type={input} inputMode={input === 'number' ? 'numeric' : undefined} {...common} />}
        {messages.length > 0 && (
          <p id={`${inputId}-erreur`} className="field-error">
            {messages.join(' ; ')}
          </p>
        )}
      </div>
    );
  };

  const unplaced = (problem?.errors ?? []).filter((e) => !(e.field in EMPTY()));
  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${id}-titre`} className="card">
      <h2 id={`${id}-titre`}>Enregistrer une évaluation</h2>
      {problem && (
        <div role="alert" className="error">
          <p>{plainReason(problem)}</p>
          {unplaced.length > 0 && (
            <ul>
              {unplaced.map((e) => (
                <li key={e.field + e.message}>{e.message}</li>
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
      <div className="grid">
        {field('performedAt', 'Date de la visite', 'datetime-local', { required: true })}
        {field('mmse', 'MMSE', 'number', { hint: 'de 0 à 30' })}
        {field('gir', 'GIR (AGGIR)', 'number', { hint: 'de 1 à 6' })}
        {field('zarit', 'Zarit (aidant)', 'number', { hint: 'de 0 à 88' })}
      </div>
      {field('livingSituation', 'Lieu et conditions de vie', 'textarea')}
      {field('summary', 'Synthèse', 'textarea', { required: true })}
      <p className="hint">Les champs marqués * sont obligatoires.</p>
      <button type="submit" disabled={sending}>
        {sending ? 'Enregistrement…' : 'Enregistrer l’évaluation'}
      </button>
    </form>
  );
}
