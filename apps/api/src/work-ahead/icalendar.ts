/**
 * A case manager's appointments and deadlines as an iCalendar feed (RFC 5545), for the calendar they
 * already use (Outlook, Thunderbird, a phone) to subscribe to.
 *
 * Privacy: a calendar leaves the product's protection (synced to a phone, to a provider's cloud), so an
 * event says only the kind of step and the pathway's reference (the start of its id): no name, no place,
 * no "with whom", no note. The case manager opens the pathway (the event's URL) to see the rest.
 */
import type { PathwayWorkView } from '@pathway/domain';

const APPOINTMENT_LABELS: Record<string, string> = {
  HOME_VISIT: 'Visite à domicile',
  PHONE_CALL: 'Appel téléphonique',
  PHYSICIAN_MEETING: 'Rendez-vous avec le médecin',
  FAMILY_MEETING: 'Rencontre avec la famille',
  CARE_TEAM_MEETING: "Réunion de l'équipe",
};

/** The pathway's reference in an event: short enough to read, enough to find it in the caseload. */
export function pathwayReference(pathwayId: string): string {
  return pathwayId.slice(0, 8);
}

/** A UTC date-time as iCalendar writes it: 20261202T100000Z. */
function icsInstant(iso: string | Date): string {
  return new Date(iso).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** TEXT values escape backslash, semicolon, comma and newlines (RFC 5545 §3.3.11). */
function text(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Lines are folded at 75 octets, continuation lines starting with a space (§3.1); UTF-8 sequences kept whole. */
function fold(line: string): string {
  const out: string[] = [];
  let current = '';
  let size = 0;
  for (const char of line) {
    const bytes = Buffer.byteLength(char);
    if (size + bytes > (out.length ? 74 : 75)) {
      out.push(current);
      current = '';
      size = 0;
    }
    current += char;
    size += bytes;
  }
  out.push(current);
  return out.join('\r\n ');
}

export interface CalendarOptions {
  caseManagerId: string;
  /** Where the web app shows a pathway: `${appUrl}/parcours/<id>`. */
  appUrl: string;
  now: Date;
  /** Labels of the deadlines (clock kind → French words). */
  deadlineLabel: (kind: string) => string;
}

/** The feed: one event per booked appointment (an hour long) and one per running deadline (at its due time). */
export function renderCalendar(pathways: PathwayWorkView[], options: CalendarOptions): string {
  const stamp = icsInstant(options.now);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//DAC//Care pathway orchestrator//FR',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${text(`Parcours MAIA — ${options.caseManagerId}`)}`,
    'X-PUBLISHED-TTL:PT15M',
  ];
  const event = (uid: string, start: string, minutes: number, summary: string, pathwayId: string, categories: string) => {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${uid}`,
      `DTSTAMP:${stamp}`,
      `DTSTART:${icsInstant(start)}`,
      `DTEND:${icsInstant(new Date(Date.parse(start) + minutes * 60_000))}`,
      `SUMMARY:${text(summary)}`,
      `CATEGORIES:${categories}`,
      `URL:${options.appUrl}/parcours/${pathwayId}`,
      'TRANSP:OPAQUE',
      'END:VEVENT',
    );
  };
  for (const p of pathways) {
    const ref = pathwayReference(p.pathwayId);
    for (const a of p.appointments ?? []) {
      if (a.status !== 'BOOKED') continue;
      event(`${p.pathwayId}.${a.id}@care-pathways`, a.at, 60, `${APPOINTMENT_LABELS[a.kind] ?? a.kind} — parcours ${ref}`, p.pathwayId, 'RENDEZ-VOUS');
    }
    for (const d of p.deadlines) {
      const uid = `${p.pathwayId}.${d.kind}${d.ref ? `.${d.ref}` : ''}@care-pathways`;
      const late = d.overdue ? ' (en retard)' : '';
      event(uid, d.dueAt, 15, `Échéance : ${options.deadlineLabel(d.kind)}${late} — parcours ${ref}`, p.pathwayId, 'ECHEANCE');
    }
  }
  lines.push('END:VCALENDAR');
  return lines.map(fold).join('\r\n') + '\r\n';
}
