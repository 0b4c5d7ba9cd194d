import { useEffect, useId, useRef, useState } from 'react';
import type { PathwaySummary } from '../api/client';
import { stageLabel } from '../labels';
import { expectedSteps, offeredSteps, type StepKey } from './availability';
import { STEP_ENTRIES, STEP_GROUPS } from './catalog';
import { openFacts, readEpisodes } from './episodes';
import type { StepContext } from './form';

interface Opened {
  key: StepKey;
  /** Opened by a click (focus goes to it), not by the stage. */
  byUser: boolean;
}

/**
 * The steps the signed-in person can take now, by group, each opening its form. The step the stage
 * waits for opens by itself. An open form stays until it is closed, whatever the stage becomes, so
 * nothing typed disappears under the user's hands; a step no longer possible is then refused by the
 * server, in plain words.
 */
export function StepsPanel({ pathwayId, summary, role, onRecorded }: { pathwayId: string; summary: PathwaySummary; role: string | undefined; onRecorded: (summary: PathwaySummary) => void }) {
  const id = useId();
  const episodes = readEpisodes(summary.episodes);
  const facts = openFacts(summary, episodes);
  const offered = offeredSteps(summary.stage, role, facts);
  const expected = expectedSteps(summary.stage, facts).filter((k) => offered.includes(k));
  const [opened, setOpened] = useState<Opened[]>([]);
  const [lastRecorded, setLastRecorded] = useState<StepKey>();
  const lastExpected = useRef<string>(undefined);
  const expectedKey = `${summary.stage}:${expected.join(',')}`;

  useEffect(() => {
    if (lastExpected.current === expectedKey) return;
    lastExpected.current = expectedKey;
    setOpened((o) => [...expected.filter((k) => !o.some((x) => x.key === k)).map((key) => ({ key, byUser: false })), ...o]);
    // expectedKey names `expected` entirely: the effect runs when the awaited steps change.
  }, [expectedKey]);

  const isOpen = (key: StepKey) => opened.some((o) => o.key === key);
  const toggle = (key: StepKey) => setOpened((o) => (o.some((x) => x.key === key) ? o.filter((x) => x.key !== key) : [{ key, byUser: true }, ...o]));
  const formId = (key: StepKey) => `${id}-form-${key}`;
  const ctx: StepContext = { pathwayId, summary, episodes };
  const groups = STEP_GROUPS.map((g) => ({ ...g, steps: g.steps.filter((s) => offered.includes(s.key)) })).filter((g) => g.steps.length > 0);

  return (
    <section aria-labelledby={`${id}-titre`} className="card steps">
      <h2 id={`${id}-titre`}>Étapes possibles</h2>
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
      {/* Once closed, nothing more can be sent: only the form of the closing step stays, with its confirmation. */}
      {opened
        .filter(({ key }) => summary.stage !== 'CLOSED' || key === lastRecorded)
        .map(({ key, byUser }) => (
          <div key={key} id={formId(key)}>
            {STEP_ENTRIES[key].render({
              ctx,
              onRecorded: (next) => {
                setLastRecorded(key);
                onRecorded(next);
              },
              onClose: () => toggle(key),
              focusOnOpen: byUser,
              finished: summary.stage === 'CLOSED',
            })}
          </div>
        ))}
    </section>
  );
}
