// The territory's indicators (GET /api/v1/supervision/indicators) turned into what each chart draws:
// French labels, figures and units. Pure, so it is unit-tested; the components only draw.
import type { Schemas } from '../api/client';
import { barsFromCounts, type Bar, type BarGroup } from '../components/charts/model';
import { durationUnit, formatCount, formatDuration, formatPercent, type DurationUnit } from '../components/charts/scale';
import { deadlineLabel } from '../labels';
import { closureReasonLabel, recipientLabel } from './words';

export type Indicators = Schemas['IndicatorsDto'];

const count = (n: number) => formatCount(n);
const plural = (n: number, one: string, many: string) => `${formatCount(n)} ${n > 1 ? many : one}`;

/** Pathways opened and closed in the period. */
export function flowBars(ind: Indicators): Bar[] {
  return [
    { key: 'opened', label: 'Orientations reçues', value: ind.pathways.opened, valueText: count(ind.pathways.opened), tone: 'primary' },
    { key: 'closed', label: 'Parcours clôturés', value: ind.pathways.closed, valueText: count(ind.pathways.closed), tone: 'secondary' },
  ];
}

export const closureBars = (ind: Indicators): Bar[] => barsFromCounts(ind.pathways.closedByReason, closureReasonLabel, count, 'secondary');

export const reminderBars = (ind: Indicators): Bar[] => barsFromCounts(ind.reminders.sentByRecipient, recipientLabel, count);

export const overdueBars = (ind: Indicators): Bar[] => barsFromCounts(ind.overdue.deadlinesPassedByKind, deadlineLabel, count, 'danger');

export interface DelayChart {
  unit: DurationUnit;
  groups: BarGroup[];
}

/**
 * The two delays (median and 90th percentile) on one axis, in the unit the longest fills; each figure is
 * written in its own unit (a 4-second delay next to a 1-hour one is "4 s", not "0 h"). A delay never
 * measured has no bars.
 */
export function delayChart(ind: Indicators): DelayChart {
  const delays = [
    { key: 'referralToFirstAssessment', label: 'Orientation → 1re évaluation', spokenLabel: 'De l’orientation à la première évaluation', d: ind.delays.referralToFirstAssessment },
    { key: 'assessmentToPlan', label: 'Évaluation → plan d’aide', spokenLabel: 'De l’évaluation au plan d’aide', d: ind.delays.assessmentToPlan },
  ];
  const unit = durationUnit(delays.flatMap(({ d }) => [d.medianSeconds, d.p90Seconds]));
  const groups = delays
    .filter(({ d }) => d.count > 0 && d.medianSeconds !== null)
    .map(({ key, label, spokenLabel, d }) => ({
      key,
      label,
      spokenLabel,
      detail: plural(d.count, 'mesure', 'mesures'),
      bars: [
        { key: 'median', label: 'Médiane', seconds: d.medianSeconds, tone: 'primary' as const },
        { key: 'p90', label: '90e centile', seconds: d.p90Seconds, tone: 'secondary' as const },
      ]
        .filter((b): b is typeof b & { seconds: number } => b.seconds !== null)
        .map(({ seconds, ...b }) => ({ ...b, value: seconds / unit.seconds, valueText: formatDuration(seconds), spokenValue: formatDuration(seconds, true) })),
    }));
  return { unit, groups };
}

/** Plans acknowledged by the physician within their window, against windows that ended without. */
export function acknowledgementShare(ind: Indicators): { headline: string; parts: Bar[]; note?: string } {
  const a = ind.planAcknowledgement;
  const windows = a.acknowledgedInTime + a.windowEnded;
  return {
    headline: a.shareInTime === null ? 'Aucun délai de visa arrivé à son terme sur la période.' : `${formatPercent(a.shareInTime)} des plans visés dans le délai (${formatCount(a.acknowledgedInTime)} sur ${formatCount(windows)})`,
    parts: [
      { key: 'inTime', label: 'Visés dans le délai', value: a.acknowledgedInTime, valueText: count(a.acknowledgedInTime), tone: 'primary' },
      { key: 'windowEnded', label: 'Délai écoulé sans visa', value: a.windowEnded, valueText: count(a.windowEnded), tone: 'danger' },
    ],
    note: a.acknowledgedLate > 0 ? `${plural(a.acknowledgedLate, 'visa tardif ou d’un plan révisé, non compté', 'visas tardifs ou de plans révisés, non comptés')} dans la part.` : undefined,
  };
}

/** "du 24 oct. 2026 au 23 nov. 2026" (the end excluded by the API is the moment of the request). */
export function periodLabel(ind: Pick<Indicators, 'from' | 'to'>): string {
  const day = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'medium' });
  return `du ${day.format(new Date(ind.from))} au ${day.format(new Date(ind.to))}`;
}

/** Over the reminders chart: how many went out (nothing when none did: the chart says so). */
export function remindersHeadline(ind: Indicators): string | undefined {
  const n = ind.reminders.sent;
  return n ? `${formatCount(n)} relance${n > 1 ? 's' : ''} envoyée${n > 1 ? 's' : ''} sur la période, par destinataire.` : undefined;
}

/** Over the deadlines chart: how many passed in the period, and how many pathways are late today. */
export function overdueHeadline(ind: Indicators): string {
  const n = ind.overdue.deadlinesPassed;
  const passed = n ? `${formatCount(n)} échéance${n > 1 ? 's' : ''} dépassée${n > 1 ? 's' : ''}` : 'Aucune échéance dépassée';
  return `${passed} sur la période ; ${formatCount(ind.overdue.pathwaysOverdueNow)} parcours en retard aujourd’hui.`;
}
