import { assignmentRefusal, CASELOAD_FULL_PROBLEM, caseManagerOptions, isAssignable } from './assignment';

const team = [
  { caseManagerId: 'cm-karim', name: 'Karim Haddad', active: 3, capacity: 3, available: 0 },
  { caseManagerId: 'cm-louise', name: 'Louise Bernard', active: 4, capacity: 10, available: 6 },
  { caseManagerId: 'cm-nadia', name: 'Nadia Benali', active: 39, capacity: 40, available: 1 },
];

describe('assigning a pathway from the supervision page', () => {
  it('offers every case manager, most room first, with what is left of their capacity', () => {
    expect(caseManagerOptions(team)).toEqual([
      { value: 'cm-louise', label: 'Louise Bernard — 6 places libres (4 / 10)', disabled: false },
      { value: 'cm-nadia', label: 'Nadia Benali — 1 place libre (39 / 40)', disabled: false },
      { value: 'cm-karim', label: 'Karim Haddad — complet (3 / 3)', disabled: false },
    ]);
  });

  it('does not offer a pathway to the case manager who already has it', () => {
    expect(caseManagerOptions(team, 'cm-louise')[0]).toEqual({ value: 'cm-louise', label: 'Louise Bernard — gestionnaire actuel (4 / 10)', disabled: true });
  });

  it('knows the stages in which the workflow accepts an assignment', () => {
    expect(isAssignable('AWAITING_ASSIGNMENT')).toBe(true);
    expect(isAssignable('FOLLOW_UP')).toBe(true);
    expect(isAssignable('REFERRED')).toBe(false);
    expect(isAssignable('CLOSED')).toBe(false);
  });

  it('says a case manager at capacity in plain words, with the figures', () => {
    const body = { type: CASELOAD_FULL_PROBLEM, status: 409, title: 'Case manager at capacity', detail: 'case manager cm-karim is at capacity (3/3)', stage: 'AWAITING_ASSIGNMENT', reason: 'the case manager is at capacity', active: 3, capacity: 3 };
    expect(assignmentRefusal(409, body, 'Karim Haddad')).toBe(
      'Karim Haddad suit déjà autant de parcours que sa capacité le permet (3 parcours pour 3 places) : choisissez un autre gestionnaire de cas, ou libérez d’abord une place.',
    );
  });

  it('recognises a case manager at capacity by the problem type, not by the English', () => {
    const full = { type: CASELOAD_FULL_PROBLEM, status: 409, title: 'Kapazität erreicht', detail: '…', stage: 'AWAITING_ASSIGNMENT' };
    expect(assignmentRefusal(409, full, 'Karim Haddad')).toBe('Karim Haddad suit déjà autant de parcours que sa capacité le permet : choisissez un autre gestionnaire de cas, ou libérez d’abord une place.');
    const other = { type: 'https://care-pathway.example/problems/409', title: 'Case manager at capacity', stage: 'PLANNING', reason: 'capacity' };
    expect(assignmentRefusal(409, other, 'Karim Haddad')).toBe('L’attribution n’est pas possible à l’étape « Élaboration du plan ».');
  });

  it('says a stage that does not allow the assignment', () => {
    expect(assignmentRefusal(409, { stage: 'CLOSED', reason: 'assignment is not allowed in stage CLOSED' }, 'Louise Bernard')).toBe('Ce parcours est clôturé : il ne peut plus être attribué.');
    expect(assignmentRefusal(409, { stage: 'REFERRED', reason: 'x' }, 'Louise Bernard')).toMatch(/éligibilité/);
    expect(assignmentRefusal(409, { stage: 'PLANNING', reason: 'x' }, 'Louise Bernard')).toBe('L’attribution n’est pas possible à l’étape « Élaboration du plan ».');
    expect(assignmentRefusal(409, { stage: 'ASSESSMENT', reason: 'the pathway is already assigned to case manager cm-louise' }, 'Louise Bernard')).toBe('Ce parcours est déjà suivi par Louise Bernard.');
  });

  it('says the other refusals without the API’s English', () => {
    expect(assignmentRefusal(409, { title: 'Conflict', detail: 'in progress' }, 'Louise Bernard')).toMatch(/déjà en cours/);
    expect(assignmentRefusal(422, { title: 'Case manager of another territory' }, 'Louise Bernard')).toBe('Louise Bernard n’est pas un gestionnaire de cas de ce territoire.');
    expect(assignmentRefusal(503, {}, 'Louise Bernard')).toMatch(/ne répond pas correctement/);
  });
});
