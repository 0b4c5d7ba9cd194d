import { closureReasonLabel, recipientLabel, roomLabel, stuckReasonLabel, waitedFor } from './words';

describe('the supervision page in French', () => {
  it('says the domain’s stuck reasons in French', () => {
    expect(stuckReasonLabel('first contact overdue')).toBe('Premier contact en retard');
    expect(stuckReasonLabel('no event for too long')).toBe('Aucun événement depuis trop longtemps');
    expect(stuckReasonLabel('post-admission follow-up overdue (close or extend)')).toBe('Suivi après entrée en établissement en retard (clôturer ou prolonger)');
  });

  it('says a failing activity and a deadline the workflow has not processed yet', () => {
    expect(stuckReasonLabel('activity recordPathwayEvents keeps failing')).toBe('Une opération automatique échoue à répétition (recordPathwayEvents)');
    expect(stuckReasonLabel('activity keeps failing')).toBe('Une opération automatique échoue à répétition');
    expect(stuckReasonLabel("assessment overdue (not yet processed by the pathway's workflow)")).toBe('Évaluation en retard (pas encore traité par le moteur du parcours)');
    expect(stuckReasonLabel("a deadline passed (not yet processed by the pathway's workflow)")).toBe('Une échéance est dépassée (pas encore traité par le moteur du parcours)');
  });

  it('translates from the clock the API names first, whatever the sentence says', () => {
    expect(stuckReasonLabel('first contact overdue', 'firstContactDue')).toBe('Premier contact en retard');
    expect(stuckReasonLabel('a sentence reworded by a newer API', 'planAcknowledgementDue')).toBe('Plan non visé par le médecin');
    expect(stuckReasonLabel('no event for too long', 'inactivityStuckAfter')).toBe('Aucun événement depuis trop longtemps');
    expect(stuckReasonLabel("a reworded sentence (not yet processed by the pathway's workflow)", 'apaDecisionDue')).toBe('Décision APA en retard (pas encore traité par le moteur du parcours)');
  });

  it('falls back on the sentence for a clock it does not know, or none', () => {
    expect(stuckReasonLabel('assessment overdue', 'aClockOfTomorrow')).toBe('Évaluation en retard');
    expect(stuckReasonLabel('assessment overdue', null)).toBe('Évaluation en retard');
    expect(stuckReasonLabel('activity sendReminder keeps failing', undefined)).toBe('Une opération automatique échoue à répétition (sendReminder)');
  });

  it('shows a reason it does not know as the API sent it', () => {
    expect(stuckReasonLabel('something new')).toBe('something new');
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
