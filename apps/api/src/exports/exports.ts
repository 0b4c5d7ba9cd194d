/**
 * The supervisor's screens as CSV tables (issue 19): the same DTOs the JSON routes answer, laid out with
 * French headers. Pure functions of those DTOs, so a CSV can only say what its screen says.
 */
import type { ActivityReportDto } from './dto/activity-report.dto';
import type { CaseloadDto, IndicatorsDto, StuckPathwayDto, WaitingPathwayDto } from '../supervision/dto/supervision.dto';
import { Cell, days, toCsv } from './csv';

export function caseloadsCsv(rows: CaseloadDto[]): string {
  return toCsv(
    ['Identifiant du gestionnaire de cas', 'Nom', 'Parcours actifs', 'Capacité', 'Places disponibles'],
    rows.map((r) => [r.caseManagerId, r.name, r.active, r.capacity, r.available]),
  );
}

export function stuckCsv(rows: StuckPathwayDto[]): string {
  return toCsv(
    ['Parcours', 'Étape', 'Code du motif', 'Motif', 'Depuis', 'Gestionnaire de cas', 'Nombre de motifs', 'Activité en échec'],
    rows.map((r) => [r.pathwayId, r.stage, r.code, r.reason, r.since, r.caseManagerId, r.reasons.length, r.failingActivity?.activityType]),
  );
}

export function waitingListCsv(rows: WaitingPathwayDto[]): string {
  return toCsv(
    ['Parcours', 'Territoire', 'Nom', 'Prénom', 'Date de naissance', 'Orienté le', 'En attente depuis', 'Attribution due le', 'Proposé à'],
    rows.map((r) => [r.pathwayId, r.territory, r.patient?.lastName, r.patient?.firstName, r.patient?.birthDate, r.referredAt, r.waitingSince, r.assignmentDueAt, r.offeredTo?.caseManagerId]),
  );
}

/** One indicator a line: `Indicateur;Détail;Valeur` (delays in days, with a decimal comma). */
export function indicatorsCsv(i: IndicatorsDto): string {
  const rows: Cell[][] = [
    ['Territoire', '', i.territory],
    ['Période', 'début (inclus)', i.from],
    ['Période', 'fin (exclue)', i.to],
    ['Parcours ouverts', '', i.pathways.opened],
    ['Parcours clôturés', 'total', i.pathways.closed],
    ...Object.entries(i.pathways.closedByReason).map(([reason, n]): Cell[] => ['Parcours clôturés', reason, n]),
    ['Délai orientation → première évaluation (jours)', 'médiane', days(i.delays.referralToFirstAssessment.medianSeconds)],
    ['Délai orientation → première évaluation (jours)', '90e centile', days(i.delays.referralToFirstAssessment.p90Seconds)],
    ['Délai orientation → première évaluation (jours)', 'mesures', i.delays.referralToFirstAssessment.count],
    ['Délai évaluation → plan (jours)', 'médiane', days(i.delays.assessmentToPlan.medianSeconds)],
    ['Délai évaluation → plan (jours)', '90e centile', days(i.delays.assessmentToPlan.p90Seconds)],
    ['Délai évaluation → plan (jours)', 'mesures', i.delays.assessmentToPlan.count],
    ['Plans validés par le médecin', 'dans le délai', i.planAcknowledgement.acknowledgedInTime],
    ['Plans validés par le médecin', 'délai écoulé sans validation', i.planAcknowledgement.windowEnded],
    ['Plans validés par le médecin', 'validés en retard', i.planAcknowledgement.acknowledgedLate],
    ['Plans validés par le médecin', 'part dans le délai', i.planAcknowledgement.shareInTime],
    ['Rappels envoyés', 'total', i.reminders.sent],
    ...Object.entries(i.reminders.sentByRecipient).map(([role, n]): Cell[] => ['Rappels envoyés', role, n]),
    ['Échéances dépassées', 'total', i.overdue.deadlinesPassed],
    ...Object.entries(i.overdue.deadlinesPassedByKind).map(([kind, n]): Cell[] => ['Échéances dépassées', kind, n]),
    ['Parcours en retard aujourd’hui', '', i.overdue.pathwaysOverdueNow],
  ];
  return toCsv(['Indicateur', 'Détail', 'Valeur'], rows);
}

export function activityReportCsv(r: ActivityReportDto): string {
  const rows: Cell[][] = [
    ['Territoire', '', r.territory],
    ['Année', '', r.year],
    ['Parcours ouverts au 1er janvier', '', r.openAtStart],
    ['Parcours ouverts dans l’année', '', r.opened],
    ['Parcours clôturés dans l’année', 'total', r.closed],
    ...Object.entries(r.closedByReason).map(([reason, n]): Cell[] => ['Parcours clôturés dans l’année', reason, n]),
    ['Parcours actifs dans l’année', 'total', r.activeInPeriod],
    ...r.activeByCaseManager.map((cm): Cell[] => ['Parcours actifs dans l’année', `${cm.name} (${cm.caseManagerId})`, cm.active]),
    ['Parcours actifs dans l’année', 'sans gestionnaire de cas', r.activeUnassigned],
    ['Délai orientation → première évaluation (jours)', 'médiane', days(r.delays.referralToFirstAssessment.medianSeconds)],
    ['Délai évaluation → plan (jours)', 'médiane', days(r.delays.assessmentToPlan.medianSeconds)],
    ...['1', '2', '3', '4', '5', '6'].map((gir): Cell[] => ['Répartition GIR', `GIR ${gir}`, r.girDistribution[gir] ?? 0]),
    ['Répartition GIR', 'non évalué', r.girDistribution.none ?? 0],
  ];
  return toCsv(['Rubrique', 'Détail', 'Valeur'], rows);
}
