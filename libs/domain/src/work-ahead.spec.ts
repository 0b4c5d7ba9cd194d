import { DEFAULT_POLICY } from './policy';
import { dueWorkAhead, forecastDueWork, localDay, mondayOf, PathwayWorkView, tasksAhead } from './work-ahead';

// Wednesday 2 December 2026, 09:00 in Paris.
const NOW = new Date('2026-12-02T08:00:00Z');
const deadline = (kind: PathwayWorkView['deadlines'][number]['kind'], dueAt: string, overdue = false) => ({ kind, startedAt: '2026-11-01T00:00:00Z', dueAt, overdue });

describe('Mes tâches', () => {
  it('sorts the deadlines the workflows hold into overdue, today, the rest of this week and next week, in Paris days', () => {
    const pathways: PathwayWorkView[] = [
      {
        pathwayId: 'p1',
        caseManagerId: 'cm-1',
        stage: 'ASSESSMENT',
        deadlines: [deadline('firstContactDue', '2026-12-01T10:00:00Z', true), deadline('firstHomeVisitDue', '2026-12-02T23:30:00Z'), deadline('assessmentDue', '2026-12-20T10:00:00Z')],
        appointments: [
          { id: 'appointment-1', kind: 'HOME_VISIT', at: '2026-12-02T13:00:00Z', status: 'BOOKED', bookedAt: '2026-11-30T10:00:00Z' },
          { id: 'appointment-2', kind: 'PHONE_CALL', at: '2026-12-08T09:00:00Z', status: 'BOOKED', bookedAt: '2026-11-30T10:00:00Z' },
          { id: 'appointment-3', kind: 'PHONE_CALL', at: '2026-12-03T09:00:00Z', status: 'CANCELLED', bookedAt: '2026-11-30T10:00:00Z' },
        ],
      },
      { pathwayId: 'p2', caseManagerId: 'cm-1', stage: 'FOLLOW_UP', deadlines: [deadline('contactDue', '2026-12-06T20:00:00Z'), deadline('reassessmentDue', '2026-12-13T23:30:00Z')] },
    ];
    const tasks = tasksAhead(pathways, NOW);
    expect([tasks.today, tasks.thisWeekStart, tasks.nextWeekStart]).toEqual(['2026-12-02', '2026-11-30', '2026-12-07']);
    expect(tasks.overdue.map((t) => [t.pathwayId, t.kind])).toEqual([['p1', 'firstContactDue']]);
    // 23:30 UTC is already Thursday in Paris (UTC+1 in winter).
    expect(tasks.dueToday.deadlines).toEqual([]);
    expect(tasks.dueToday.appointments.map((a) => a.id)).toEqual(['appointment-1']);
    expect(tasks.thisWeek.deadlines.map((t) => t.kind)).toEqual(['firstHomeVisitDue', 'contactDue']);
    // Sunday 23:30 UTC is Monday 00:30 in Paris: next week, beyond it.
    expect(tasks.nextWeek.deadlines.map((t) => t.kind)).toEqual([]);
    expect(tasks.nextWeek.appointments.map((a) => a.id)).toEqual(['appointment-2']);
  });
});

describe('the forecast', () => {
  const pathways: PathwayWorkView[] = [
    { pathwayId: 'p1', caseManagerId: 'cm-1', stage: 'FOLLOW_UP', deadlines: [deadline('contactDue', '2026-12-10T10:00:00Z'), deadline('reassessmentDue', '2027-05-01T10:00:00Z')] },
    { pathwayId: 'p2', caseManagerId: 'cm-2', stage: 'ASSESSMENT', deadlines: [deadline('assessmentDue', '2026-12-03T10:00:00Z'), deadline('firstContactDue', '2026-11-20T10:00:00Z', true)] },
    { pathwayId: 'p3', stage: 'AWAITING_ASSIGNMENT', deadlines: [deadline('assignmentDue', '2026-12-04T10:00:00Z')] },
  ];

  it('counts, week by week, the deadlines running and the periodic ones the policy starts after them', () => {
    const forecast = forecastDueWork(pathways, DEFAULT_POLICY, NOW, 13);
    expect(forecast.from).toBe('2026-11-30');
    expect(forecast.territory).toHaveLength(13);
    // Week of 30 November: the assessment and the assignment; the overdue first contact is today's work, not the forecast's.
    expect(forecast.territory[0]).toEqual({ weekStart: '2026-11-30', due: 2, projected: 0, total: 2 });
    // The contact every 30 days: 10 December held, then 9 January and 8 February projected.
    const cm1 = forecast.caseManagers.find((r) => r.caseManagerId === 'cm-1');
    expect(cm1?.weeks.filter((w) => w.total).map((w) => [w.weekStart, w.due, w.projected])).toEqual([
      ['2026-12-07', 1, 0],
      ['2027-01-04', 0, 1],
      ['2027-02-08', 0, 1],
    ]);
    // The reassessment due in May is beyond 13 weeks.
    expect(forecast.caseManagers.map((r) => r.caseManagerId)).toEqual(['cm-1', 'cm-2', undefined]);
  });

  it('the running part is exactly the deadlines held', () => {
    const running = dueWorkAhead(pathways, DEFAULT_POLICY, NOW, 13).filter((d) => d.source === 'running');
    expect(running.map((d) => [d.pathwayId, d.kind])).toEqual([
      ['p2', 'assessmentDue'],
      ['p3', 'assignmentDue'],
      ['p1', 'contactDue'],
    ]);
  });

  it('weeks start on Monday, in Paris', () => {
    expect(mondayOf('2026-12-06')).toBe('2026-11-30');
    expect(mondayOf('2026-12-07')).toBe('2026-12-07');
    expect(localDay('2026-12-06T23:30:00Z')).toBe('2026-12-07');
  });
});
