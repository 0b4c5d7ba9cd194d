import { acknowledgementShare, closureBars, delayChart, flowBars, overdueBars, overdueHeadline, periodLabel, reminderBars, remindersHeadline, type Indicators } from './indicators';

const none = { count: 0, medianSeconds: null, p90Seconds: null, median: null, p90: null };

const indicators: Indicators = {
  territory: 'T75-EST',
  from: '2026-10-24T10:00:00.000Z',
  to: '2026-11-23T10:00:00.000Z',
  pathways: { opened: 42, closed: 17, closedByReason: { DECEASED: 6, INSTITUTIONALIZED: 5, REORIENTED: 4, MOVED: 2 } },
  delays: { referralToFirstAssessment: { count: 40, medianSeconds: 1_641_600, p90Seconds: 2_419_200, median: 'P19D', p90: 'P28D' }, assessmentToPlan: none },
  planAcknowledgement: { acknowledgedInTime: 12, windowEnded: 4, acknowledgedLate: 1, shareInTime: 0.75 },
  reminders: { sent: 230, sentByRecipient: { case_manager: 120, physician: 80, caregiver: 30 } },
  overdue: { deadlinesPassed: 9, deadlinesPassedByKind: { assessmentDue: 3, contactDue: 6 }, pathwaysOverdueNow: 5 },
};

describe('the indicators as charts', () => {
  it('shows the pathways opened and closed, and closures by reason in French', () => {
    expect(flowBars(indicators).map((b) => [b.label, b.value])).toEqual([
      ['Orientations reçues', 42],
      ['Parcours clôturés', 17],
    ]);
    expect(closureBars(indicators).map((b) => `${b.label} ${b.valueText}`)).toEqual(['Décès 6', 'Entrée en établissement 5', 'Réorientation 4', 'Départ du territoire 2']);
  });

  it('shows reminders by recipient and deadlines passed by deadline, in French', () => {
    expect(reminderBars(indicators).map((b) => `${b.label} ${b.value}`)).toEqual(['Gestionnaires de cas 120', 'Médecins traitants 80', 'Aidants 30']);
    expect(overdueBars(indicators).map((b) => `${b.label} ${b.value}`)).toEqual(['Contact de suivi 6', 'Évaluation 3']);
  });

  it('draws the measured delays in days, median and 90th percentile, and leaves out a delay never measured', () => {
    const chart = delayChart(indicators);
    expect(chart.unit.many).toBe('jours');
    expect(chart.groups).toEqual([
      {
        key: 'referralToFirstAssessment',
        label: 'Orientation → 1re évaluation',
        spokenLabel: 'De l’orientation à la première évaluation',
        detail: '40 mesures',
        bars: [
          { key: 'median', label: 'Médiane', tone: 'primary', value: 19, valueText: '19\u00a0j', spokenValue: '19\u00a0jours' },
          { key: 'p90', label: '90e centile', tone: 'secondary', value: 28, valueText: '28\u00a0j', spokenValue: '28\u00a0jours' },
        ],
      },
    ]);
  });

  it('reads compressed test delays in seconds', () => {
    const chart = delayChart({ ...indicators, delays: { referralToFirstAssessment: { ...none, count: 1, medianSeconds: 4.2, p90Seconds: 4.2 }, assessmentToPlan: { ...none, count: 1, medianSeconds: 0.5, p90Seconds: 0.5 } } });
    expect(chart.unit.short).toBe('s');
    expect(chart.groups.map((g) => g.bars.map((b) => b.valueText))).toEqual([['4,2\u00a0s', '4,2\u00a0s'], ['0,5\u00a0s', '0,5\u00a0s']]);
    expect(chart.groups[1]).toMatchObject({ label: 'Évaluation → plan d’aide', detail: '1 mesure' });
  });

  it('gives the share of plans acknowledged in time, and says when no window ended', () => {
    const share = acknowledgementShare(indicators);
    expect(share.headline).toBe('75\u00a0% des plans visés dans le délai (12 sur 16)');
    expect(share.parts.map((p) => p.value)).toEqual([12, 4]);
    expect(share.note).toBe('1 visa tardif ou d’un plan révisé, non compté dans la part.');
    const empty = acknowledgementShare({ ...indicators, planAcknowledgement: { acknowledgedInTime: 0, windowEnded: 0, acknowledgedLate: 0, shareInTime: null } });
    expect(empty.headline).toBe('Aucun délai de visa arrivé à son terme sur la période.');
    expect(empty.note).toBeUndefined();
  });

  it('heads the reminders and deadlines charts with their totals, in words when there are none', () => {
    expect(remindersHeadline(indicators)).toBe('230 relances envoyées sur la période, par destinataire.');
    expect(remindersHeadline({ ...indicators, reminders: { sent: 0, sentByRecipient: {} } })).toBeUndefined();
    expect(overdueHeadline(indicators)).toBe('9 échéances dépassées sur la période ; 5 parcours en retard aujourd’hui.');
    expect(overdueHeadline({ ...indicators, overdue: { deadlinesPassed: 0, deadlinesPassedByKind: {}, pathwaysOverdueNow: 0 } })).toBe('Aucune échéance dépassée sur la période ; 0 parcours en retard aujourd’hui.');
  });

  it('names the period in French', () => {
    expect(periodLabel(indicators)).toMatch(/^du 24 oct\. 2026 au 23 nov\. 2026$/);
  });
});
