import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import type { PathwaySummary } from '../api/client';
import { stageLabel } from '../labels';
import { expectedSteps, offeredSteps, type StepKey } from './availability';
import { STEP_ENTRIES, STEP_GROUPS } from './catalog';
import { openFacts, readEpisodes } from './episodes';
import type { StepContext } from './form';
import { closeForm, isStale, reconcileOpenForms, staleNotice, toggleForm, type OpenForm, type Typed } from './open-forms';

/**
 * The steps the signed-in person can take now, by group, each opening its form. The step the stage
 * waits for opens by itself (without taking the focus). A form that succeeded closes: its confirmation
 * is shown once, on top of this card, and takes the focus (it is also a status message, for screen
 * readers). A refused form stays as it is. An unsent form stays while its step is offered; once the
 * stage no longer offers it, it closes if nothing was typed in it, and stays with a notice otherwise,
 * so nothing typed disappears under the user's hands (sending it gives the server's refusal in plain
 * words; the page then reads the pathway again). See open-forms.ts.
 */
export function StepsPanel({
  pathwayId,
  summary,
  role,
  onRecorded,
  onOutdated,
}: {
  pathwayId: string;
  summary: PathwaySummary;
  role: string | undefined;
  onRecorded: (summary: PathwaySummary) => void;
  /** A step was refused as not possible now: the summary shown may be behind, read it again. */
  onOutdated?: () => void;
}) {
  const id = useId();
  const episodes = readEpisodes(summary.episodes);
  const facts = openFacts(summary, episodes);
  const offered = offeredSteps(summary.stage, role, facts);
  const expected = expectedSteps(summary.stage, facts).filter((k) => offered.includes(k));
  const [opened, setOpened] = useState<OpenForm[]>([]);
  const [typed, setTyped] = useState<Typed>({});
  const [confirmation, setConfirmation] = useState<{ text: string; count: number }>();
  const confirmationRef = useRef<HTMLParagraphElement>(null);
  const lastExpected = useRef<string>(undefined);
  const expectedKey = `${summary.stage}:${expected.join(',')}`;
  const offeredKey = offered.join(',');

  // When what is offered changes: forms no longer offered close unless something is typed in them, and
  // the step the stage now waits for opens (only when that changes: a form closed by the user stays closed).
  // Before the browser paints, so a closing form is never seen with its notice.
  useLayoutEffect(() => {
    const autoOpen = lastExpected.current === expectedKey ? [] : expected;
    lastExpected.current = expectedKey;
    setOpened((o) => reconcileOpenForms(o, offered, typed, autoOpen));
    // The two keys name `offered` and `expected` entirely; `typed` is read as it is then.
  }, [expectedKey, offeredKey]);

  // The user just sent a step: the focus goes to its confirmation (the form they were in is gone).
  useEffect(() => {
    if (confirmation) confirmationRef.current?.focus();
  }, [confirmation?.count]);

  const forget = (key: StepKey) =>
    setTyped((t) => {
      const rest = { ...t };
      delete rest[key];
      return rest;
    });
  const close = (key: StepKey) => {
    setOpened((o) => closeForm(o, key));
    forget(key);
  };
  const toggle = (key: StepKey) => {
    if (isOpen(key)) close(key);
    else setOpened((o) => toggleForm(o, key));
  };
  const isOpen = (key: StepKey) => opened.some((o) => o.key === key);
  const formId = (key: StepKey) => `${id}-form-${key}`;
  const ctx: StepContext = { pathwayId, summary, episodes };
  const groups = STEP_GROUPS.map((g) => ({ ...g, steps: g.steps.filter((s) => offered.includes(s.key)) })).filter((g) => g.steps.length > 0);

  return (
    <section aria-labelledby={`${id}-titre`} className="card steps">
      <h2 id={`${id}-titre`}>Étapes possibles</h2>
      {/* Always there, so that a screen reader hears what appears in it. */}
      <div role="status" className="step-confirmation">
        {confirmation && (
          <p key={confirmation.count} ref={confirmationRef} tabIndex={-1} className="success">
            {confirmation.text}
          </p>
        )}
      </div>
      {summary.stage === 'CLOSED' ? (
        <p className="muted">Le parcours est clôturé : il n’accepte plus d’étape, son historique reste consultable.</p>
      ) : groups.length === 0 ? (
        <p className="muted">Aucune étape ne vous revient à l’étape « {stageLabel(summary.stage)} ».</p>
      ) : (
        <>
          <p className="muted">Les étapes proposées sont celles que permet l’étape « {stageLabel(summary.stage)} » ; le serveur les vérifie à nouveau.</p>
          <div className="step-menu">
            {groups.map((g) => (
              <div key={g.title} role="group" aria-labelledby={`${id}-g-${g.title.replace(/\W/g, '')}`} className="step-group">
                <h3 id={`${id}-g-${g.title.replace(/\W/g, '')}`}>{g.title}</h3>
                <ul>
                  {g.steps.map((s) => (
                    <li key={s.key}>
                      <button
                        type="button"
                        className={isOpen(s.key) ? undefined : 'secondary'}
                        aria-expanded={isOpen(s.key)}
                        aria-controls={isOpen(s.key) ? formId(s.key) : undefined}
                        onClick={() => toggle(s.key)}
                      >
                        {s.title(ctx)}
                      </button>
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </div>
        </>
      )}
      {/* A kept form stays even if what was typed in it is emptied again: only a change of the steps offered closes it. */}
      {opened.map(({ key, byUser }) => (
        <div key={key} id={formId(key)}>
          {STEP_ENTRIES[key].render({
            ctx,
            onRecorded: (next, text) => {
              close(key);
              setConfirmation((c) => ({ text, count: (c?.count ?? 0) + 1 }));
              onRecorded(next);
            },
            onClose: () => close(key),
            onOutdated,
            onTyped: (now) => setTyped((t) => (t[key] === now ? t : { ...t, [key]: now })),
            focusOnOpen: byUser,
            notice: isStale(key, offered) ? staleNotice(stageLabel(summary.stage)) : undefined,
          })}
        </div>
      ))}
    </section>
  );
}
