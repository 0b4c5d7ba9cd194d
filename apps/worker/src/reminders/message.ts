/**
 * From an outbox row and the people around the pathway to the words of one message. Only what a
 * template may show is put in its values: names, dates of deadlines, who to contact. Nothing of the
 * assessment (scores, risks, summary) is ever read here, so no template can leak it.
 */
import { createHash } from 'node:crypto';
import { clockOfNotification, type PathwaySummary, type ProvidedService } from '@pathway/domain';
import type { DigestLine, ReminderDeliveryContext, ReminderRecord, SupervisorDigestRecord } from '@pathway/persistence';
import { Labels, TemplateValues } from './templates';

export interface Recipient {
  address: string;
  /** Where a reply should go (the case manager, for physicians and caregivers). */
  replyTo?: string;
}

export type RecipientResolution = { ok: true; recipient: Recipient } | { ok: false; error: string; permanent: boolean };

/**
 * Who receives it. People of the pathway (physician, caregiver) were given with the referral; roles are
 * resolved now, to whoever holds them now (a reassigned pathway reminds its new case manager).
 */
export function resolveRecipient(reminder: Pick<ReminderRecord, 'recipientRole' | 'recipientAddress'>, ctx: ReminderDeliveryContext): RecipientResolution {
  const replyTo = ctx.caseManager?.email;
  const found = (address: string | null | undefined, withReply = false): RecipientResolution | undefined =>
    address ? { ok: true, recipient: { address, replyTo: withReply ? replyTo : undefined } } : undefined;
  switch (reminder.recipientRole) {
    case 'physician':
    case 'caregiver':
      return (
        found(reminder.recipientAddress, true) ?? {
          ok: false,
          error: `no e-mail address was given for the ${reminder.recipientRole} in the referral`,
          permanent: true,
        }
      );
    case 'provider':
    case 'legal_representative':
      // A care-team member: the address the team holds for them; a reply goes to the case manager.
      return found(reminder.recipientAddress, true) ?? { ok: false, error: 'no e-mail address is known for this care-team member', permanent: true };
    case 'case_manager':
      // Its case manager is away and nobody could cover it: the supervisor holds it until it is placed.
      if (ctx.awaitingPlacement) return resolveRecipient({ ...reminder, recipientRole: 'supervisor', recipientAddress: null }, ctx);
      return found(ctx.caseManager?.email ?? reminder.recipientAddress) ?? { ok: false, error: 'the pathway has no case manager with an e-mail address', permanent: false };
    case 'supervisor':
      return (
        found(ctx.supervisor?.email ?? reminder.recipientAddress) ?? {
          ok: false,
          error: `no supervisor contact for territory ${ctx.pathway.territory} (territory_contacts)`,
          permanent: false,
        }
      );
    case 'intake':
      return (
        found(ctx.intake?.email ?? reminder.recipientAddress) ?? {
          ok: false,
          error: `no intake contact for territory ${ctx.pathway.territory} (territory_contacts)`,
          permanent: false,
        }
      );
    default:
      return (
        found(reminder.recipientAddress) ?? {
          ok: false,
          error: `no address is known for the ${reminder.recipientRole}`,
          permanent: true,
        }
      );
  }
}

/**
 * The Message-ID of every attempt at one outbox row: derived from its dedupe key, so a copy that did
 * get through twice (which the protocol prevents short of an unknown outcome) is recognisable as the
 * same message by any mail system that deduplicates on it.
 */
export function messageIdFor(dedupeKey: string, domain: string): string {
  return `<${createHash('sha256').update(dedupeKey).digest('hex').slice(0, 32)}.reminder@${domain}>`;
}

/** "lundi 16 mars 2026", "dimanche 1er février 2026" (the French ordinal for the first of the month). */
export function formatDate(iso: string | Date, timeZone: string): string {
  const text = new Intl.DateTimeFormat('fr-FR', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone }).format(new Date(iso));
  return text.replace(/(^|\s)1 (?=\p{L})/u, (_, before: string) => `${before}1er `);
}

/** "10 h 30", as French letters write an hour. */
export function formatTime(iso: string | Date, timeZone: string): string {
  const [hour, minute] = new Intl.DateTimeFormat('fr-FR', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(new Date(iso)).split(':');
  return `${Number(hour)} h ${minute}`;
}

/** A calendar date (birth date) as French readers write it: 02/05/1943. */
function formatCalendarDate(date: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  return match ? `${match[3]}/${match[2]}/${match[1]}` : date;
}

function contactOf(person: { name: string; email: string } | null | undefined): string | undefined {
  if (!person) return undefined;
  return person.name ? `${person.name} (${person.email})` : person.email;
}

export function reminderValues(
  reminder: Pick<ReminderRecord, 'kind' | 'payload'>,
  ctx: ReminderDeliveryContext,
  labels: Labels,
  timeZone: string,
): TemplateValues {
  const summary = ctx.pathway.summary as Partial<PathwaySummary>;
  const payload = reminder.payload;
  const clock = clockOfNotification(reminder.kind)?.clock ?? (reminder.kind === 'planToValidate' ? 'planAcknowledgementDue' : undefined);
  // The deadline: carried by the reminder, or (the plan sent for validation) the running clock's.
  const deadlineAt =
    (typeof payload.deadlineAt === 'string' ? payload.deadlineAt : undefined) ??
    (clock ? summary.deadlines?.find((d) => d.kind === clock)?.dueAt : undefined);
  const label = clock ? labels.deadlines[clock] : undefined;
  const caseManager = ctx.caseManager;
  const contact = contactOf(caseManager) ?? contactOf(ctx.intake) ?? labels.maiaTeam;
  const closureReason = typeof payload.reason === 'string' ? labels.closureReasons[payload.reason] : undefined;
  const episodes = summary.episodes;
  const hospitalization = episodes?.hospitalization;
  // Several respites or EHPAD applications can run at once: the reminder names its own by ref.
  const respite = episodes?.respites?.find((r) => r.id === payload.ref) ?? episodes?.respite;
  const application = episodes?.nursingHomeApplications?.find((a) => a.id === payload.ref);
  const kindLabel = (labelsOf: Record<string, string>) => (typeof payload.kind === 'string' ? labelsOf[payload.kind] : undefined);

  return {
    patientName: `${ctx.patient.firstName} ${ctx.patient.lastName}`,
    patientBirthDate: formatCalendarDate(ctx.patient.birthDate),
    territory: ctx.pathway.territory,
    pathwayId: ctx.pathway.id,
    physicianName: summary.physician?.name || 'Docteur',
    caregiverName: summary.caregiver?.name || 'Madame, Monsieur',
    caseManagerName: caseManager?.name ?? labels.noCaseManager,
    supervisorName: ctx.supervisor?.name || 'Madame, Monsieur',
    contact,
    deadlineDate: deadlineAt ? formatDate(deadlineAt, timeZone) : labels.noDeadline,
    deadlineLabel: label?.label,
    deadlineAction: label?.action,
    planVersion: summary.plan?.version !== undefined ? String(summary.plan.version) : typeof payload.version === 'number' ? String(payload.version) : undefined,
    closureReason: closureReason ?? labels.notSpecified,
    reorientedTo: typeof payload.reorientedTo === 'string' && payload.reorientedTo ? payload.reorientedTo : labels.notSpecified,
    hospitalAdmissionDate: hospitalization ? formatDate(hospitalization.admittedAt, timeZone) : undefined,
    homeApaNote: payload.homeApaGranted === true ? labels.homeApa.granted : labels.homeApa.unknown,
    respiteKind: respite ? labels.respiteKinds[respite.kind] : undefined,
    respiteProvider: respite?.provider,
    respiteStartDate: respite ? formatDate(respite.startsAt, timeZone) : undefined,
    respiteEndDate: respite ? formatDate(respite.endsAt, timeZone) : undefined,
    nursingHomeFacility: application?.facility,
    // The caregiver's reminder of a booked visit: when (day and hour) and where, as booked.
    appointmentKind: typeof payload.appointmentKind === 'string' ? labels.appointmentKinds[payload.appointmentKind] : undefined,
    appointmentDate: typeof payload.appointmentId === 'string' && deadlineAt ? formatDate(deadlineAt, timeZone) : undefined,
    appointmentTime: typeof payload.appointmentId === 'string' && deadlineAt ? formatTime(deadlineAt, timeZone) : undefined,
    appointmentPlace: typeof payload.place === 'string' && payload.place ? payload.place : labels.atHome,
    crisisKind: kindLabel(labels.crisisKinds) ?? labels.notSpecified,
    legalProtectionKind: kindLabel(labels.legalProtectionKinds) ?? labels.legalProtectionKinds.DEFAULT,
    // A waiting-list offer names the case manager it is offered to (the pathway has none yet).
    offeredCaseManagerName: typeof payload.caseManagerName === 'string' ? payload.caseManagerName : undefined,
    ...providerValues(payload, labels, timeZone),
    // The one-click link, when the dispatcher signs one (plan-link.ts): none by default.
    acknowledgementLinks: [],
  };
}

/**
 * A provider's notice (libs/domain provider-notices.ts): who they are and their own services as the step
 * carried them (type, frequency, start), nothing else of the plan.
 */
function providerValues(payload: Record<string, unknown>, labels: Labels, timeZone: string): TemplateValues {
  const services = Array.isArray(payload.services) ? (payload.services as ProvidedService[]) : [];
  const date = (value: unknown) => (typeof value === 'string' ? formatDate(value, timeZone) : undefined);
  return {
    providerName: typeof payload.providerName === 'string' && payload.providerName ? payload.providerName : 'Madame, Monsieur',
    representativeName: typeof payload.representativeName === 'string' && payload.representativeName ? payload.representativeName : 'Madame, Monsieur',
    services: services.map((s) => ({ serviceLabel: labels.serviceTypes[s.type] ?? s.type, serviceFrequency: s.frequency, serviceStartDate: formatDate(s.startsAt, timeZone) })),
    suspendedSinceDate: date(payload.since),
    dischargeDate: date(payload.dischargedAt),
  };
}

export function digestValues(
  digest: Pick<SupervisorDigestRecord, 'territory' | 'periodStart' | 'periodEnd'>,
  lines: DigestLine[],
  supervisor: { name: string } | null,
  labels: Labels,
  timeZone: string,
): TemplateValues {
  return {
    territory: digest.territory,
    supervisorName: supervisor?.name || 'Madame, Monsieur',
    periodStartDate: formatDate(digest.periodStart, timeZone),
    periodEndDate: formatDate(digest.periodEnd, timeZone),
    itemCount: String(lines.length),
    items: lines.map((line) => ({
      patientName: `${line.patient.firstName} ${line.patient.lastName}`,
      deadlineLabel: labels.deadlines[line.clock]?.label ?? line.clock,
      deadlineDate: formatDate(line.dueAt, timeZone),
      caseManagerName: line.caseManagerName ?? labels.noCaseManager,
      itemStatus: line.closed ? labels.digestStatus.closed : line.stillOverdue ? labels.digestStatus.stillOverdue : labels.digestStatus.doneSince,
      pathwayId: line.pathwayId,
    })),
  };
}
