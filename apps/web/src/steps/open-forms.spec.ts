import { closeForm, draftTyped, isShown, isStale, reconcileOpenForms, rowsTyped, staleNotice, toggleForm, type OpenForm } from './open-forms';

describe('the step forms kept open as the stage moves on', () => {
  const open: OpenForm[] = [
    { key: 'logContact', byUser: true },
    { key: 'recordAssessment', byUser: false },
    { key: 'planRespite', byUser: true },
  ];

  it('keeps every form whose step is still offered, typed in or not', () => {
    expect(reconcileOpenForms(open, ['logContact', 'recordAssessment', 'planRespite', 'recordPlan'], {})).toEqual(open);
  });

  it('closes a form whose step is no longer offered when nothing was typed in it, and keeps it when something was', () => {
    const offered = ['logContact', 'recordPlan'] as const;
    expect(reconcileOpenForms(open, offered, { recordAssessment: false, planRespite: true }).map((f) => f.key)).toEqual(['logContact', 'planRespite']);
    expect(isStale('planRespite', offered)).toBe(true);
    expect(isStale('logContact', offered)).toBe(false);
  });

  it('opens the step the stage now waits for on top, by the stage, once', () => {
    const next = reconcileOpenForms(open, ['logContact', 'recordPlan', 'planRespite'], { recordAssessment: false }, ['recordPlan']);
    expect(next).toEqual([{ key: 'recordPlan', byUser: false }, { key: 'logContact', byUser: true }, { key: 'planRespite', byUser: true }]);
    expect(reconcileOpenForms(next, ['logContact', 'recordPlan', 'planRespite'], {}, ['recordPlan'])).toEqual(next);
  });

  it('does not open an awaited step that is not offered to this person', () => {
    expect(reconcileOpenForms([], ['logContact'], {}, ['acknowledgePlan'])).toEqual([]);
  });

  it('closes every unsent form with nothing typed once the pathway is closed, and keeps the typed ones', () => {
    expect(reconcileOpenForms(open, [], { logContact: true, recordAssessment: false })).toEqual([{ key: 'logContact', byUser: true }]);
  });

  it('shows a kept form while it is offered or typed in, and nothing else', () => {
    expect(isShown('planRespite', ['planRespite'], {})).toBe(true);
    expect(isShown('planRespite', [], { planRespite: true })).toBe(true);
    expect(isShown('planRespite', [], { planRespite: false })).toBe(false);
  });

  it('opens a form from the menu on top, by the user, and closes it with the same button', () => {
    const opened = toggleForm(open, 'openCrisis');
    expect(opened[0]).toEqual({ key: 'openCrisis', byUser: true });
    expect(toggleForm(opened, 'openCrisis')).toEqual(open);
    expect(closeForm(open, 'recordAssessment').map((f) => f.key)).toEqual(['logContact', 'planRespite']);
  });

  it('says in one sentence that the step is no longer offered at this stage and that the draft is kept', () => {
    expect(staleNotice('Élaboration du plan')).toMatch(/^Cette étape n’est plus proposée à l’étape « Élaboration du plan » du parcours\. Ce que vous avez saisi est conservé/);
  });
});

describe('whether something was typed in a form', () => {
  const start = { performedAt: '2026-11-23T14:05', mmse: '', summary: '', given: false };

  it('does not count the defaults the form filled in, nor a field emptied again', () => {
    expect(draftTyped(start, { ...start })).toBe(false);
    expect(draftTyped(start, { ...start, mmse: '  ' })).toBe(false);
    expect(draftTyped({ note: '' }, { note: '', reason: '' })).toBe(false);
    expect(draftTyped({ accepted: false }, {})).toBe(false);
  });

  it('counts a value typed, a default changed, a box ticked and a choice made', () => {
    expect(draftTyped(start, { ...start, summary: 'aidante épuisée' })).toBe(true);
    expect(draftTyped(start, { ...start, performedAt: '2026-11-22T09:00' })).toBe(true);
    expect(draftTyped(start, { ...start, given: true })).toBe(true);
    expect(draftTyped({ decision: '' }, { decision: 'ACCEPTED' })).toBe(true);
  });

  it('counts a plan row changed, added or removed', () => {
    const rows = [{ type: 'SSIAD', provider: 'SSIAD Paris 11', frequency: 'chaque matin', startsAt: '2026-11-23' }];
    expect(rowsTyped(rows, rows.map((r) => ({ ...r })))).toBe(false);
    expect(rowsTyped(rows, [{ ...rows[0], frequency: 'chaque soir' }])).toBe(true);
    expect(rowsTyped(rows, [...rows, { type: '', provider: '', frequency: '', startsAt: '2026-11-23' }])).toBe(true);
    expect(rowsTyped(rows, [])).toBe(true);
  });
});
