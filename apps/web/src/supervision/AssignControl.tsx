import { useId, useState, type FormEvent } from 'react';
import { api } from '../api/client';
import { assignmentRefusal, caseManagerOptions, type CaseManagerChoice } from './assignment';

/**
 * Assigns (or reassigns) one pathway: a labelled list of the territory's case managers with the room
 * each has left, and a button. A refusal is said next to the control, in plain words; the list it came
 * from is refreshed either way (a refusal often means the figures shown were stale). `send` replaces the
 * pathway's assignment route (placing an absence's unplaced pathway until the absence ends); it answers
 * the refusal in words, or nothing when it went through.
 */
export function AssignControl({
  pathwayId,
  subject,
  currentId,
  caseloads,
  onAssigned,
  onRefused,
  send = assign(pathwayId),
  verb = currentId ? 'Réattribuer' : 'Attribuer',
}: {
  pathwayId: string;
  /** Which pathway, in words, for the label ("le parcours de PETIT Suzanne": "Attribuer le parcours de PETIT Suzanne à"). */
  subject: string;
  currentId?: string | null;
  caseloads: readonly CaseManagerChoice[];
  onAssigned: (message: string) => void;
  onRefused: () => void;
  send?: (target: CaseManagerChoice) => Promise<string | undefined>;
  verb?: string;
}) {
  const id = useId();
  const [chosen, setChosen] = useState('');
  const [sending, setSending] = useState(false);
  const [refusal, setRefusal] = useState<string>();
  const options = caseManagerOptions(caseloads, currentId);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const target = caseloads.find((c) => c.caseManagerId === chosen);
    if (!target) {
      setRefusal('Choisissez un gestionnaire de cas dans la liste.');
      return;
    }
    setSending(true);
    setRefusal(undefined);
    try {
      const refused = await send(target);
      if (!refused) {
        setChosen('');
        onAssigned(`${subject.charAt(0).toUpperCase()}${subject.slice(1)} est maintenant suivi par ${target.name}.`);
      } else {
        setRefusal(refused);
        onRefused();
      }
    } catch {
      setRefusal('Attribution impossible : le serveur ne répond pas. Réessayez dans un instant.');
    } finally {
      setSending(false);
    }
  };

  return (
    <form className="assign" onSubmit={(e) => void submit(e)} noValidate>
      <label htmlFor={`${id}-gc`} className="visually-hidden">
        {verb} {subject} à
      </label>
      <select
        id={`${id}-gc`}
        value={chosen}
        onChange={(e) => {
          setChosen(e.target.value);
          setRefusal(undefined);
        }}
        aria-invalid={refusal ? true : undefined}
        aria-describedby={refusal ? `${id}-refus` : undefined}
        disabled={sending}
      >
        <option value="">Choisir un gestionnaire de cas…</option>
        {options.map((o) => (
          <option key={o.value} value={o.value} disabled={o.disabled}>
            {o.label}
          </option>
        ))}
      </select>
      <button type="submit" className="secondary" disabled={sending} aria-label={`${verb} ${subject}`}>
        {verb}
      </button>
      {refusal ? (
        <p id={`${id}-refus`} role="alert" className="error assign-error">
          {refusal}
        </p>
      ) : null}
    </form>
  );
}

/** The pathway's own assignment (the default `send`). */
function assign(pathwayId: string) {
  return async (target: CaseManagerChoice): Promise<string | undefined> => {
    const { data, error, response } = await api.POST('/api/v1/pathways/{id}/assignment', {
      params: { path: { id: pathwayId }, header: { 'Idempotency-Key': crypto.randomUUID() } },
      body: { caseManagerId: target.caseManagerId },
    });
    return response.ok && data ? undefined : `Attribution refusée : ${assignmentRefusal(response.status, error, target.name)}`;
  };
}
