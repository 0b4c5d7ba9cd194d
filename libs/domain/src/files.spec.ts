/**
 * The social and legal files of PATHWAY.md, each with the clocks the law sets: the APA file (L232-14 CASF),
 * legal protection (certificate → request → ruling → measure) and nursing-home (EHPAD) applications.
 */
import { PathwayCommand } from './commands';
import { notificationsFor } from './notifications';
import { PathwayState, Rejection } from './state';
import { stuckReasons, summarize, upcomingReminders } from './summary';
import { PathwayStory, sampleCommand, storyUpTo } from './testing/pathway-fixtures';

/** FOLLOW_UP since 2025-04-15, a contact logged 2025-05-12. */
function inFollowUp(): PathwayStory {
  const story = storyUpTo('FOLLOW_UP');
  story.step(sampleCommand('logContact', '2025-05-12T09:00:00Z'), '2025-05-12T09:00:00Z', 'cm-1');
  return story;
}

function refused(story: PathwayStory, command: PathwayCommand, at: string): Rejection {
  const decision = story.attempt(command, at, 'cm-1');
  if (decision.ok) throw new Error(`${command.type} at ${at} was accepted`);
  return decision.rejection;
}

const clockOf = (state: PathwayState, kind: string, ref?: string) => state.clocks.find((c) => c.kind === kind && (ref === undefined || c.ref === ref));
const sent = (story: PathwayStory, kind: string) => story.notifications.filter((n) => n.kind === kind).map((n) => [n.sendAt, n.recipientRole]);

describe('the APA file', () => {
  /** Submitted 2025-05-13 09:00 (GIR 4 at the assessment proposed it). */
  function submitted(): PathwayStory {
    const story = inFollowUp();
    story.step({ type: 'submitApaApplication', submittedAt: '2025-05-13T09:00:00Z' }, '2025-05-13T10:00:00Z', 'cm-1');
    return story;
  }

  it('submitted: acknowledgement due in 10 days, decision in 2 months; the APA proposal is answered', () => {
    const story = submitted();
    expect(clockOf(story.state, 'apaAcknowledgementDue')?.dueAt).toBe('2025-05-23T09:00:00.000Z');
    expect(clockOf(story.state, 'apaDecisionDue')).toMatchObject({
      dueAt: '2025-07-13T09:00:00.000Z',
      reminders: [{ at: '2025-06-29T09:00:00.000Z', to: ['case_manager'] }],
    });
    expect(story.state.apa).toMatchObject({ status: 'SUBMITTED', emergency: false, completeFileAt: '2025-05-13T09:00:00Z' });
    expect(story.state.flags).not.toContain('APA_PROPOSED');
  });

  it('not acknowledged within 10 days: the case manager is reminded to chase the département; nobody else is told', () => {
    const story = submitted();
    story.advanceTo('2025-05-24T00:00:00Z');
    expect(sent(story, 'apaAcknowledgementDueReminder')).toEqual([['2025-05-23T09:00:00.000Z', 'case_manager']]);
    expect(sent(story, 'apaAcknowledgementDueOverdue')).toEqual([]);
    expect(stuckReasons(story.state)).toEqual([]);
  });

  it('acknowledged in time: nothing about the acknowledgement is sent', () => {
    const story = submitted();
    story.step({ type: 'acknowledgeApaApplication', at: '2025-05-20T09:00:00Z' }, '2025-05-20T10:00:00Z', 'cm-1');
    story.advanceTo('2025-06-01T00:00:00Z');
    expect(story.notifications.filter((n) => n.kind.startsWith('apaAcknowledgementDue'))).toEqual([]);
    expect(story.state.apa?.status).toBe('ACKNOWLEDGED');
  });

  it('the 2 months run from the complete file: a file completed later moves the decision deadline', () => {
    const story = submitted();
    story.step({ type: 'acknowledgeApaApplication', at: '2025-05-28T09:00:00Z', completeFileAt: '2025-05-26T09:00:00Z' }, '2025-05-28T10:00:00Z', 'cm-1');
    expect(clockOf(story.state, 'apaDecisionDue')?.dueAt).toBe('2025-07-26T09:00:00.000Z');
    expect(refused(submitted(), { type: 'acknowledgeApaApplication', at: '2025-05-20T09:00:00Z', completeFileAt: '2025-05-21T09:00:00Z' }, '2025-05-25T10:00:00Z').reason).toBe(
      'completeFileAt (2025-05-21T09:00:00Z) must fall between the submission (2025-05-13T09:00:00Z) and the acknowledgement (2025-05-20T09:00:00Z)',
    );
  });

  it('no decision within 2 months: reminded 2 weeks before, then deemed granted, flagged, and the case manager told to inform the family', () => {
    const story = submitted();
    story.step({ type: 'acknowledgeApaApplication', at: '2025-05-20T09:00:00Z' }, '2025-05-20T10:00:00Z', 'cm-1');
    story.advanceTo('2025-07-14T00:00:00Z');
    expect(sent(story, 'apaDecisionDueReminder')).toEqual([['2025-06-29T09:00:00.000Z', 'case_manager']]);
    expect(sent(story, 'apaDeemedGranted')).toEqual([['2025-07-13T09:00:00.000Z', 'case_manager']]);
    expect(story.state.flags).toContain('APA_DEEMED_GRANTED');
    expect(story.state.apa).toMatchObject({ status: 'DEEMED_GRANTED', deemedGrantedAt: '2025-07-13T09:00:00.000Z' });
    // A legal outcome, not a stuck pathway: no supervisor, no clock left.
    expect(story.notifications.filter((n) => n.recipientRole === 'supervisor' && n.kind.startsWith('apa'))).toEqual([]);
    expect(clockOf(story.state, 'apaDecisionDue')).toBeUndefined();
    expect(stuckReasons(story.state).filter((r) => r.clock?.startsWith('apa'))).toEqual([]);
  });

  it('a decision recorded after the deemed grant clears the flag', () => {
    const story = submitted();
    story.advanceTo('2025-07-14T00:00:00Z');
    story.step({ type: 'decideApaApplication', decidedAt: '2025-07-20T09:00:00Z', outcome: 'GRANTED', gir: 3 }, '2025-07-21T09:00:00Z', 'cm-1');
    expect(story.state.flags).not.toContain('APA_DEEMED_GRANTED');
    expect(story.state.apa?.status).toBe('GRANTED');
  });

  it('granted in time: no deemed grant; the provider is due within a month, reminded a week before and at the deadline', () => {
    const story = submitted();
    story.step({ type: 'decideApaApplication', decidedAt: '2025-06-20T09:00:00Z', outcome: 'GRANTED', gir: 4 }, '2025-06-20T10:00:00Z', 'cm-1');
    expect(clockOf(story.state, 'apaDecisionDue')).toBeUndefined();
    expect(clockOf(story.state, 'apaAcknowledgementDue')).toBeUndefined();
    story.advanceTo('2025-07-21T00:00:00Z');
    expect(sent(story, 'apaDeemedGranted')).toEqual([]);
    expect(sent(story, 'apaDecisionDueReminder')).toEqual([]);
    expect(sent(story, 'apaProviderDeclarationDueReminder')).toEqual([
      ['2025-07-13T09:00:00.000Z', 'case_manager'],
      ['2025-07-20T09:00:00.000Z', 'case_manager'],
    ]);
  });

  it('the provider declared in time: nothing more about it', () => {
    const story = submitted();
    story.step({ type: 'decideApaApplication', decidedAt: '2025-06-20T09:00:00Z', outcome: 'GRANTED', gir: 4 }, '2025-06-20T10:00:00Z', 'cm-1');
    story.step({ type: 'declareApaProvider', at: '2025-07-01T09:00:00Z', provider: 'SAAD Nord' }, '2025-07-01T10:00:00Z', 'cm-1');
    story.advanceTo('2025-08-01T00:00:00Z');
    expect(story.notifications.filter((n) => n.kind.startsWith('apaProviderDeclarationDue'))).toEqual([]);
    expect(story.state.apa?.provider).toEqual({ declaredAt: '2025-07-01T09:00:00Z', provider: 'SAAD Nord' });
  });

  it('refused: no provider to declare', () => {
    const story = submitted();
    story.step({ type: 'decideApaApplication', decidedAt: '2025-06-20T09:00:00Z', outcome: 'REFUSED' }, '2025-06-20T10:00:00Z', 'cm-1');
    expect(story.state.clocks.filter((c) => c.kind.startsWith('apa'))).toEqual([]);
    expect(refused(story, { type: 'declareApaProvider', at: '2025-06-21T09:00:00Z', provider: 'x' }, '2025-06-21T09:00:00Z').reason).toBe(
      'there is no granted APA whose provider to declare',
    );
  });

  it('an APA granted for GIR 5 is a field error; a second application while one awaits its decision is rejected', () => {
    const story = submitted();
    expect(refused(story, { type: 'decideApaApplication', decidedAt: '2025-06-20T09:00:00Z', outcome: 'GRANTED', gir: 5 }, '2025-06-20T10:00:00Z').errors).toEqual([
      { field: 'gir', message: 'an APA is granted for GIR 1 to 4, not GIR 5' },
    ]);
    expect(refused(story, { type: 'submitApaApplication', submittedAt: '2025-05-14T09:00:00Z' }, '2025-05-14T10:00:00Z').reason).toBe(
      'the APA application submitted on 2025-05-13T09:00:00Z is still awaiting its decision',
    );
  });

  it('the summary shows the file with its own deadlines', () => {
    const apa = summarize(submitted().state, new Date('2025-05-14T00:00:00Z')).episodes.apa;
    expect(apa).toMatchObject({ status: 'SUBMITTED', submittedAt: '2025-05-13T09:00:00Z' });
    expect(apa?.deadlines.map((d) => [d.kind, d.dueAt, d.overdue])).toEqual([
      ['apaAcknowledgementDue', '2025-05-23T09:00:00.000Z', false],
      ['apaDecisionDue', '2025-07-13T09:00:00.000Z', false],
    ]);
  });
});

describe('legal protection (SCENARIOS.md story 6: financial abuse suspected 2025-05-06)', () => {
  function filed(): PathwayStory {
    const story = inFollowUp();
    story.step({ type: 'requestLegalProtection', kind: 'CURATELLE', certificateAt: '2025-05-06T10:00:00Z' }, '2025-05-13T10:00:00Z', 'cm-1');
    story.step({ type: 'fileLegalProtectionRequest', filedAt: '2025-06-10T10:00:00Z' }, '2025-06-10T11:00:00Z', 'cm-1');
    return story;
  }
  const curatelle: PathwayCommand = {
    type: 'recordLegalProtectionRuling',
    ruledAt: '2025-11-20T10:00:00Z',
    outcome: 'GRANTED',
    measureEndsAt: '2030-11-20T10:00:00Z',
    representative: 'Mandataire judiciaire ATMP',
  };

  it('the request filed 2025-06-10 lapses 2026-06-10 without a ruling: the case manager alerted a month before', () => {
    const story = filed();
    expect(clockOf(story.state, 'legalRequestLapseAfter')).toMatchObject({
      dueAt: '2026-06-10T10:00:00.000Z',
      reminders: [{ at: '2026-05-10T10:00:00.000Z', to: ['case_manager'] }],
    });
  });

  it('without a ruling: alerted 2026-05-10, then lapsed on 2026-06-10, flagged, the case manager told', () => {
    const story = filed();
    // Keep the follow-up alive so only the legal clocks are at stake.
    story.advanceTo('2026-06-11T00:00:00Z');
    expect(sent(story, 'legalRequestLapseAfterReminder')).toEqual([['2026-05-10T10:00:00.000Z', 'case_manager']]);
    expect(sent(story, 'legalRequestLapsed')).toEqual([['2026-06-10T10:00:00.000Z', 'case_manager']]);
    expect(story.state.legalProtection).toMatchObject({ status: 'LAPSED', lapsedAt: '2026-06-10T10:00:00.000Z' });
    expect(story.state.flags).toContain('LEGAL_REQUEST_LAPSED');
    expect(story.notifications.filter((n) => n.recipientRole === 'supervisor' && n.kind.startsWith('legal'))).toEqual([]);
  });

  it('a new request after a lapse clears the flag', () => {
    const story = filed();
    story.advanceTo('2026-06-11T00:00:00Z');
    story.step({ type: 'requestLegalProtection', kind: 'CURATELLE', certificateAt: '2026-06-15T10:00:00Z' }, '2026-06-15T10:00:00Z', 'cm-1');
    expect(story.state.flags).not.toContain('LEGAL_REQUEST_LAPSED');
    expect(story.state.legalProtection?.status).toBe('PREPARING');
  });

  it('curatelle granted 2025-11-20 for 5 years: no lapse alert; the measure ends 2030-11-20, renewal reminder 2030-09-20', () => {
    const story = filed();
    story.step(curatelle, '2025-11-21T09:00:00Z', 'cm-1');
    expect(clockOf(story.state, 'legalRequestLapseAfter')).toBeUndefined();
    expect(clockOf(story.state, 'legalMeasureRenewal')).toMatchObject({
      dueAt: '2030-11-20T10:00:00.000Z',
      reminders: [{ at: '2030-09-20T10:00:00.000Z', to: ['case_manager'] }],
    });
    expect(story.state.legalProtection?.measure).toEqual({
      kind: 'CURATELLE',
      grantedAt: '2025-11-20T10:00:00Z',
      endsAt: '2030-11-20T10:00:00.000Z',
      representative: 'Mandataire judiciaire ATMP',
    });
    expect(upcomingReminders(story.state).filter((r) => r.clock === 'legalMeasureRenewal')).toEqual([
      { clock: 'legalMeasureRenewal', recipientRole: 'case_manager', remindAt: '2030-09-20T10:00:00.000Z', dueAt: '2030-11-20T10:00:00.000Z' },
    ]);
  });

  it('the renewal reminder goes out 2030-09-20; a measure not renewed by its end is escalated', () => {
    const story = filed();
    story.step(curatelle, '2025-11-21T09:00:00Z', 'cm-1');
    story.advanceTo('2030-11-21T00:00:00Z');
    expect(sent(story, 'legalRequestLapseAfterReminder')).toEqual([]);
    expect(sent(story, 'legalMeasureRenewalReminder')).toEqual([['2030-09-20T10:00:00.000Z', 'case_manager']]);
    expect(sent(story, 'legalMeasureRenewalOverdue')).toEqual([['2030-11-20T10:00:00.000Z', 'supervisor']]);
    expect(stuckReasons(story.state)).toContainEqual({
      code: 'legalMeasureRenewal',
      reason: 'legal protection measure ended without renewal',
      since: '2030-11-20T10:00:00.000Z',
      clock: 'legalMeasureRenewal',
    });
  });

  it('renewed: the request for the renewal keeps the measure in force; the new ruling replaces it and its reminder', () => {
    const story = filed();
    story.step(curatelle, '2025-11-21T09:00:00Z', 'cm-1');
    story.advanceTo('2030-09-21T00:00:00Z');
    story.step({ type: 'requestLegalProtection', kind: 'CURATELLE', certificateAt: '2030-09-25T10:00:00Z' }, '2030-09-25T10:00:00Z', 'cm-1');
    expect(story.state.legalProtection?.measure?.endsAt).toBe('2030-11-20T10:00:00.000Z');
    story.step({ type: 'fileLegalProtectionRequest', filedAt: '2030-09-26T10:00:00Z' }, '2030-09-26T10:00:00Z', 'cm-1');
    story.step({ ...curatelle, ruledAt: '2030-11-10T10:00:00Z', measureEndsAt: '2035-11-10T10:00:00Z' } as PathwayCommand, '2030-11-10T11:00:00Z', 'cm-1');
    expect(story.state.clocks.filter((c) => c.kind === 'legalMeasureRenewal').map((c) => c.dueAt)).toEqual(['2035-11-10T10:00:00.000Z']);
    story.advanceTo('2030-12-01T00:00:00Z');
    expect(sent(story, 'legalMeasureRenewalOverdue')).toEqual([]);
  });

  it('filed without a medical certificate: rejected, with what is missing', () => {
    const story = inFollowUp();
    story.step({ type: 'requestLegalProtection', kind: 'TUTELLE' }, '2025-05-13T10:00:00Z', 'cm-1');
    expect(refused(story, { type: 'fileLegalProtectionRequest', filedAt: '2025-06-10T10:00:00Z' }, '2025-06-10T11:00:00Z').reason).toBe(
      'a legal protection request is filed with its medical certificate: give certificateAt',
    );
    story.step({ type: 'fileLegalProtectionRequest', filedAt: '2025-06-10T10:00:00Z', certificateAt: '2025-06-01T10:00:00Z' }, '2025-06-10T11:00:00Z', 'cm-1');
    expect(story.state.legalProtection).toMatchObject({ status: 'FILED', certificateAt: '2025-06-01T10:00:00Z' });
  });

  it('a measure longer than 5 years, or without an end date, is a field error', () => {
    const story = filed();
    expect(refused(story, { ...curatelle, measureEndsAt: '2030-11-21T10:00:00Z' } as PathwayCommand, '2025-11-21T09:00:00Z').errors).toEqual([
      { field: 'measureEndsAt', message: 'a measure lasts at most 5 years: measureEndsAt must be on or before 2030-11-20T10:00:00.000Z' },
    ]);
    expect(refused(story, { ...curatelle, measureEndsAt: undefined } as PathwayCommand, '2025-11-21T09:00:00Z').errors).toEqual([
      { field: 'measureEndsAt', message: 'measureEndsAt must be an ISO-8601 date or date-time' },
    ]);
  });

  it('a ruling without a filed request, and a second request while one is filed, are rejected', () => {
    const story = inFollowUp();
    expect(refused(story, curatelle, '2025-11-21T09:00:00Z').reason).toBe('there is no filed legal protection request to rule on');
    const withRequest = filed();
    expect(refused(withRequest, { type: 'requestLegalProtection', kind: 'TUTELLE' }, '2025-06-11T09:00:00Z').reason).toBe(
      'a CURATELLE request filed on 2025-06-10T10:00:00Z is awaiting its ruling',
    );
  });

  it('rejected by the judge: no measure, no renewal clock', () => {
    const story = filed();
    story.step({ type: 'recordLegalProtectionRuling', ruledAt: '2025-11-20T10:00:00Z', outcome: 'REJECTED' }, '2025-11-21T09:00:00Z', 'cm-1');
    expect(story.state.legalProtection?.status).toBe('REJECTED');
    expect(story.state.legalProtection?.measure).toBeUndefined();
    expect(story.state.clocks.filter((c) => c.kind.startsWith('legal'))).toEqual([]);
  });
});

describe('nursing-home (EHPAD) applications', () => {
  /** Three applications submitted 2025-05-13 09:00 to three facilities. */
  function threeApplications(): PathwayStory {
    const story = inFollowUp();
    for (const facility of ['EHPAD Les Tilleuls', 'EHPAD Saint-Joseph', 'EHPAD La Roseraie']) {
      story.step({ type: 'submitNursingHomeApplication', facility, submittedAt: '2025-05-13T09:00:00Z' }, '2025-05-13T10:00:00Z', 'cm-1');
    }
    return story;
  }

  it('several at once, each with its id and its own medical-part deadline', () => {
    const story = threeApplications();
    expect(story.state.nursingHomeApplications?.map((a) => [a.id, a.facility, a.status])).toEqual([
      ['nh-1', 'EHPAD Les Tilleuls', 'SUBMITTED'],
      ['nh-2', 'EHPAD Saint-Joseph', 'SUBMITTED'],
      ['nh-3', 'EHPAD La Roseraie', 'SUBMITTED'],
    ]);
    expect(story.state.clocks.filter((c) => c.kind === 'nursingHomeMedicalPartDue').map((c) => [c.ref, c.dueAt])).toEqual([
      ['nh-1', '2025-05-20T09:00:00.000Z'],
      ['nh-2', '2025-05-20T09:00:00.000Z'],
      ['nh-3', '2025-05-20T09:00:00.000Z'],
    ]);
    const summary = summarize(story.state, new Date('2025-05-14T00:00:00Z'));
    expect(summary.episodes.nursingHomeApplications.at(-1)).toMatchObject({ id: 'nh-3', deadlines: [expect.objectContaining({ kind: 'nursingHomeMedicalPartDue', ref: 'nh-3' })] });
  });

  it("the physician is reminded 2 days before each missing medical part, the case manager at the deadline; each its own notification", () => {
    const story = threeApplications();
    story.step({ type: 'completeNursingHomeMedicalPart', applicationId: 'nh-2', completedAt: '2025-05-16T09:00:00Z' }, '2025-05-16T10:00:00Z', 'dr-martin');
    story.advanceTo('2025-05-21T00:00:00Z');
    const medical = story.notifications.filter((n) => n.kind === 'nursingHomeMedicalPartDueReminder');
    expect(medical.map((n) => [n.data.ref, n.recipientRole, n.sendAt])).toEqual([
      ['nh-1', 'physician', '2025-05-18T09:00:00.000Z'],
      ['nh-3', 'physician', '2025-05-18T09:00:00.000Z'],
      ['nh-1', 'case_manager', '2025-05-20T09:00:00.000Z'],
      ['nh-3', 'case_manager', '2025-05-20T09:00:00.000Z'],
    ]);
    expect(new Set(medical.map((n) => n.dedupeKey)).size).toBe(4);
    // The physician's delay: overdue on the application, not a stuck pathway.
    expect(stuckReasons(story.state).filter((r) => r.clock === 'nursingHomeMedicalPartDue')).toEqual([]);
    expect(story.notifications.filter((n) => n.kind === 'nursingHomeMedicalPartDueOverdue')).toEqual([]);
  });

  it('one acceptance leaves the two others cancelled and the pathway INSTITUTIONALIZED, as an admission does', () => {
    const story = threeApplications();
    story.step({ type: 'decideNursingHomeApplication', applicationId: 'nh-1', at: '2025-05-30T09:00:00Z', outcome: 'REFUSED' }, '2025-05-30T10:00:00Z', 'cm-1');
    const events = story.step({ type: 'decideNursingHomeApplication', applicationId: 'nh-3', at: '2025-06-05T09:00:00Z', outcome: 'ACCEPTED' }, '2025-06-05T10:00:00Z', 'cm-1');
    expect(story.state.nursingHomeApplications?.map((a) => [a.id, a.status])).toEqual([
      ['nh-1', 'REFUSED'],
      ['nh-2', 'CANCELLED'],
      ['nh-3', 'ACCEPTED'],
    ]);
    expect(story.state).toMatchObject({ stage: 'INSTITUTIONALIZED', institution: { admittedAt: '2025-06-05T09:00:00Z', facility: 'EHPAD La Roseraie' } });
    expect(clockOf(story.state, 'postAdmissionFollowUpDue')?.dueAt).toBe('2025-07-05T09:00:00.000Z');
    expect(story.state.clocks.filter((c) => c.kind === 'nursingHomeMedicalPartDue')).toEqual([]);
    expect(story.state.plan?.services.map((s) => s.status)).toEqual(['STOPPED']);
    expect(events.map((e) => [e.type, e.data.cancelledApplications])).toEqual([
      ['NURSING_HOME_APPLICATION_DECIDED', ['nh-2']],
      ['INSTITUTIONAL_ADMISSION', ['nh-2']],
    ]);
  });

  it('waitlisted, an application stays open with its medical part due', () => {
    const story = threeApplications();
    story.step({ type: 'decideNursingHomeApplication', applicationId: 'nh-1', at: '2025-05-15T09:00:00Z', outcome: 'WAITLISTED' }, '2025-05-15T10:00:00Z', 'cm-1');
    expect(story.state.nursingHomeApplications?.[0].status).toBe('WAITLISTED');
    expect(clockOf(story.state, 'nursingHomeMedicalPartDue', 'nh-1')).toBeDefined();
    story.step({ type: 'decideNursingHomeApplication', applicationId: 'nh-1', at: '2025-06-15T09:00:00Z', outcome: 'ACCEPTED' }, '2025-06-15T10:00:00Z', 'cm-1');
    expect(story.state.stage).toBe('INSTITUTIONALIZED');
  });

  it('an unknown application, a second one to the same facility, and a decision once institutionalized are rejected', () => {
    const story = threeApplications();
    expect(refused(story, { type: 'completeNursingHomeMedicalPart', applicationId: 'nh-9', completedAt: '2025-05-14T09:00:00Z' }, '2025-05-14T10:00:00Z').reason).toBe(
      'there is no nursing-home application nh-9',
    );
    expect(refused(story, { type: 'submitNursingHomeApplication', facility: 'ehpad les tilleuls ', submittedAt: '2025-05-14T09:00:00Z' }, '2025-05-14T10:00:00Z').reason).toBe(
      'an application to EHPAD Les Tilleuls is already open (nh-1, submitted 2025-05-13T09:00:00Z)',
    );
    story.step({ type: 'decideNursingHomeApplication', applicationId: 'nh-2', at: '2025-05-30T09:00:00Z', outcome: 'ACCEPTED' }, '2025-05-30T10:00:00Z', 'cm-1');
    expect(refused(story, { type: 'decideNursingHomeApplication', applicationId: 'nh-1', at: '2025-05-31T09:00:00Z', outcome: 'ACCEPTED' }, '2025-05-31T10:00:00Z')).toEqual({
      stage: 'INSTITUTIONALIZED',
      reason: 'a nursing-home decision is not allowed in stage INSTITUTIONALIZED',
    });
  });

  it('ids are deterministic: the same steps give the same ids (replay gives back the same state)', () => {
    expect(threeApplications().state.nursingHomeApplications?.map((a) => a.id)).toEqual(threeApplications().state.nursingHomeApplications?.map((a) => a.id));
    const story = threeApplications();
    const events = story.events.filter((e) => e.type === 'NURSING_HOME_APPLICATION_SUBMITTED');
    expect(events.map((e) => e.data.applicationId)).toEqual(['nh-1', 'nh-2', 'nh-3']);
    expect(notificationsFor(story.state, events)).toEqual([]);
  });
});
