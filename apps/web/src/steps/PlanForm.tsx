import { useId, useState, type FormEvent } from 'react';
import { api, type PathwaySummary } from '../api/client';
import { stageNow, pathOf } from './shared';
import { FieldView, StepFormTop, useFormSignals, useStepSubmit } from './StepForm';
import { localDate, type StepContext } from './form';
import { rowsTyped } from './open-forms';
import { EMPTY_ROW, planBody, planRows, type Row } from './plan';
import { options, SERVICE_TYPES } from './vocabulary';

const COLUMNS: Array<{ name: keyof Row; label: string; kind: 'select' | 'text' | 'date'; hint?: string; optional?: boolean }> = [
  { name: 'type', label: 'Type de service', kind: 'select' },
  { name: 'provider', label: 'Prestataire', kind: 'text' },
  { name: 'frequency', label: 'Fréquence', kind: 'text', hint: 'par exemple « 2 fois par semaine »' },
  { name: 'startsAt', label: 'Début', kind: 'date' },
  { name: 'providerMemberId', label: 'Assuré par (cercle de soins)', kind: 'select', hint: 'il sera prévenu de sa part du plan', optional: true },
];

/**
 * The individualized service plan (PSI / PPCS): a list of services, recorded as a new version each time.
 * A refusal keeps every row; the API's `services[1].startsAt` lands under that row's field. Once
 * accepted, the confirmation goes to `onRecorded` (the steps panel shows it once and closes the form).
 */
export function PlanForm({
  ctx,
  onRecorded,
  onClose,
  onOutdated,
  onTyped,
  focusOnOpen,
  notice,
}: {
  ctx: StepContext;
  onRecorded: (summary: PathwaySummary, confirmation: string) => void;
  onClose?: () => void;
  onOutdated?: () => void;
  onTyped?: (typed: boolean) => void;
  focusOnOpen?: boolean;
  notice?: string;
}) {
  const [start] = useState<Row[]>(() => planRows(ctx.summary));
  const [rows, setRows] = useState<Row[]>(start);
  const { problem, sending, submit, errors } = useStepSubmit();
  const id = useId();
  const typed = rowsTyped(start, rows);
  const heading = useFormSignals({ focusOnOpen, typed, onTyped, problem, onOutdated });
  const members = ctx.summary.careTeam.map((m) => ({ value: m.id, label: m.name }));
  const title = ctx.summary.plan ? 'Nouvelle version du plan d’aide (PSI)' : 'Plan d’aide (PSI)';

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const body = planBody(rows);
    await submit(
      body,
      (key) => api.POST('/api/v1/pathways/{id}/plans', { params: pathOf(ctx.pathwayId, key), body }),
      (summary) => {
        const confirmation = `Plan enregistré (version ${summary.plan?.version ?? '—'}), envoyé au médecin traitant pour visa. ${stageNow(summary.stage)}`;
        onRecorded(summary, confirmation);
        return confirmation;
      },
    );
  };
  const placed = new Set(rows.flatMap((_r, i) => COLUMNS.map((c) => `services[${i}].${c.name}`)));
  const unplaced = (problem?.errors ?? []).filter((e) => !placed.has(e.field));

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby={`${id}-titre`} className="card step-form" data-step="recordPlan">
      <StepFormTop titleId={`${id}-titre`} title={title} heading={heading} onClose={onClose} notice={notice} problem={problem} unplaced={unplaced} />
      {rows.map((row, i) => (
        <fieldset key={i} className="service-row">
          <legend>Service {i + 1}</legend>
          <div className="grid">
            {COLUMNS.map((c) => (
              <FieldView
                key={c.name}
                field={{ ...c, name: `services[${i}].${c.name}` }}
                inputId={`${id}-s${i}-${c.name}`}
                value={row[c.name]}
                required={!c.optional}
                options={c.name === 'providerMemberId' ? members : c.kind === 'select' ? options(SERVICE_TYPES) : undefined}
                messages={errors[`services[${i}].${c.name}`] ?? []}
                onChange={(value) => setRows((all) => all.map((r, j) => (j === i ? { ...r, [c.name]: String(value) } : r)))}
              />
            ))}
          </div>
          {rows.length > 1 && (
            <button type="button" className="secondary" onClick={() => setRows((all) => all.filter((_r, j) => j !== i))}>
              Retirer le service {i + 1}
            </button>
          )}
        </fieldset>
      ))}
      <p>
        <button type="button" className="secondary" onClick={() => setRows((all) => [...all, { ...EMPTY_ROW(), startsAt: localDate() }])}>
          Ajouter un service
        </button>
      </p>
      <p className="hint">Les champs marqués * sont obligatoires.</p>
      <button type="submit" disabled={sending}>
        {sending ? 'Enregistrement…' : 'Enregistrer le plan'}
      </button>
    </form>
  );
}
