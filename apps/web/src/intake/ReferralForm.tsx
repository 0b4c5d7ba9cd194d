import { useId, useRef, useState, type FormEvent } from 'react';
import { api } from '../api/client';
import { Link } from 'react-router';
import { navigate } from '../router';
import { isRequired, unplacedErrors, type Draft } from '../steps/form';
import { FieldView, StepOutcome, useStepSubmit } from '../steps/StepForm';
import { asReferralAnswer, initialReferral, openPathwayOf, REFERRAL_FIELDS, REFERRAL_SECTIONS, referralBody, referralFieldMessage } from './referral';

/**
 * The referral that opens a pathway (POST /api/v1/pathways), recorded by the intake coordinator in
 * their own territory. It is sent the way a step is (StepForm.tsx: the same Idempotency-Key when the
 * same referral is sent again unanswered, errors under their field, everything typed kept on a
 * refusal); accepted, it goes to the new pathway's page, where the eligibility decision waits.
 */
export function ReferralForm({ territory }: { territory: string }) {
  const [draft, setDraft] = useState<Draft>(() => initialReferral());
  const [duplicateOf, setDuplicateOf] = useState<string>();
  const { problem, sending, submit, errors } = useStepSubmit();
  const id = useId();
  // The body last built, for the draft it was built from: a date left on the current minute becomes
  // "now" when built, and the same draft sent again must send the same body (and reuse its key).
  const built = useRef<{ draft: string; body: ReturnType<typeof referralBody> }>(undefined);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const typed = JSON.stringify(draft);
    const body = built.current?.draft === typed ? built.current.body : referralBody(draft, territory);
    built.current = { draft: typed, body };
    setDuplicateOf(undefined);
    await submit(
      body,
      async (key) => {
        const answer = await api.POST('/api/v1/pathways', { params: { header: { 'Idempotency-Key': key } }, body });
        setDuplicateOf(openPathwayOf(answer.response.status, answer.error));
        return asReferralAnswer(answer);
      },
      (summary) => {
        navigate(`/parcours/${encodeURIComponent(summary.id)}`);
        return 'Orientation enregistrée.';
      },
    );
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby={`${id}-titre`} className="card step-form referral-form" data-form="referral">
      <h2 id={`${id}-titre`}>Nouvelle orientation</h2>
      <p className="info">
        Territoire : <strong>{territory}</strong> (celui de votre compte). Une personne n’a qu’un parcours ouvert à la fois.
      </p>
      {problem && duplicateOf ? (
        <div role="alert" className="error" data-testid="referral-duplicate">
          <p>
            Cette personne a déjà un parcours ouvert sur le territoire : une nouvelle orientation ne sera possible qu’après sa clôture. Complétez plutôt le parcours en
            cours.
          </p>
          <p>
            <Link to={`/parcours/${encodeURIComponent(duplicateOf)}`}>Ouvrir le parcours en cours de cette personne</Link>
          </p>
        </div>
      ) : (
        <StepOutcome problem={problem} unplaced={unplacedErrors(problem?.errors ?? [], REFERRAL_FIELDS, draft).map((e) => ({ ...e, message: referralFieldMessage(e.message) }))} />
      )}
      {REFERRAL_SECTIONS.map((section, s) => (
        <fieldset key={section.legend} className="referral-section" aria-describedby={section.hint ? `${id}-section-${s}-aide` : undefined}>
          <legend>{section.legend}</legend>
          {section.hint && (
            <p id={`${id}-section-${s}-aide`} className="hint">
              {section.hint}
            </p>
          )}
          <div className="grid">
            {section.fields.map((field) => (
              <FieldView
                key={field.name}
                field={field}
                inputId={`${id}-${field.name.replace(/\W/g, '-')}`}
                value={draft[field.name]}
                required={isRequired(field, draft)}
                messages={[field.name, ...(field.errorsFrom ?? [])].flatMap((name) => errors[name] ?? []).map(referralFieldMessage)}
                onChange={(value) => setDraft((d) => ({ ...d, [field.name]: value }))}
              />
            ))}
          </div>
        </fieldset>
      ))}
      <p className="hint">Les champs marqués * sont obligatoires.</p>
      <button type="submit" disabled={sending}>
        {sending ? 'Enregistrement…' : 'Enregistrer l’orientation'}
      </button>
    </form>
  );
}
