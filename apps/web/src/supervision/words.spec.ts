import { closureReasonLabel, recipientLabel, roomLabel, stuckCodeLabel, waitedFor } from './words';

describe('the supervision page in French', () => {
  it('says the domain’s stuck reasons in French, from their codes', () => {
    expect(stuckCodeLabel('firstContactDue')).toBe('Premier contact en retard');
    expect(stuckCodeLabel('inactivityStuckAfter')).toBe('Aucun événement depuis trop longtemps');
    expect(stuckCodeLabel('postAdmissionFollowUpDue')).toBe('Suivi après entrée en établissement en retard (clôturer ou prolonger)');
  });

  it('says a failing activity and a deadline the workflow has not processed yet', () => {
    expect(stuckCodeLabel('activityFailing', { activity: 'recordPathwayEvents' })).toBe('Une opération automatique échoue à répétition (recordPathwayEvents)');
    expect(stuckCodeLabel('activityFailing')).toBe('Une opération automatique échoue à répétition');
    expect(stuckCodeLabel('assessmentDue', { notProcessed: true })).toBe('Évaluation en retard (pas encore traité par le moteur du parcours)');
    expect(stuckCodeLabel('deadlinePassed', { notProcessed: true })).toBe('Une échéance est dépassée (pas encore traité par le moteur du parcours)');
  });

  it('has French words for the episodes’ codes too', () => {
    for (const code of ['crisisActionDue', 'apaDecisionDue', 'legalMeasureRenewal', 'nursingHomeMedicalPartDue', 'respiteEnd']) expect(stuckCodeLabel(code)).not.toBe(code);
  });

  it('shows a code it does not know as the API sent it', () => {
    expect(stuckCodeLabel('aClockOfTomorrow')).toBe('aClockOfTomorrow');
  });

  it('names closure reasons, reminder recipients and the room left', () => {
    expect(closureReasonLabel('MOVED')).toBe('Départ du territoire');
    expect(recipientLabel('caregiver')).toBe('Aidants');
    expect(recipientLabel('robot')).toBe('robot');
    expect(roomLabel(0)).toBe('complet');
    expect(roomLabel(1)).toBe('1 place libre');
    expect(roomLabel(7)).toBe('7 places libres');
  });

  it('says how long someone has waited', () => {
    expect(waitedFor('il y a 3 jours')).toBe('3 jours');
    expect(waitedFor('maintenant')).toBe('à l’instant');
  });
});
