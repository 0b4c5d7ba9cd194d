/**
 * The one-click link of a plan's e-mail (issue 18): the physician (or the legal representative who
 * co-signs) opens it without an account, sees what they need of the plan and validates it or sends
 * remarks (apps/api/src/plan-links). Bound to that member, that pathway and that plan version, expiring
 * at the acknowledgement deadline; a message about another version, or once the deadline has passed,
 * carries none.
 */
import type { PlanLinkSettings } from '@pathway/config';
import type { PathwaySummary } from '@pathway/domain';
import { signPlanLink, type ReminderDeliveryContext, type ReminderRecord } from '@pathway/persistence';
import type { TemplateValues } from './templates';

/** The messages that ask a member to acknowledge the plan, and whom each is for. */
const ASKS_FOR_ACKNOWLEDGEMENT: Record<string, string> = {
  'planToValidate.physician': 'physician',
  'planAcknowledgementDueReminder.physician': 'physician',
  // The legal representative who co-signs: the member the notice names.
  'planToCoSign.legal_representative': 'member',
};

export function planLinkValues(
  reminder: Pick<ReminderRecord, 'kind' | 'recipientRole' | 'payload'>,
  ctx: ReminderDeliveryContext,
  settings: PlanLinkSettings | undefined,
  now: Date = new Date(),
): TemplateValues {
  const asked = ASKS_FOR_ACKNOWLEDGEMENT[`${reminder.kind}.${reminder.recipientRole}`];
  const memberId = asked === 'member' ? (typeof reminder.payload.memberId === 'string' ? reminder.payload.memberId : undefined) : asked;
  const summary = ctx.pathway.summary as Partial<PathwaySummary>;
  const plan = summary.plan;
  const deadline = summary.deadlines?.find((d) => d.kind === 'planAcknowledgementDue')?.dueAt;
  const none = { acknowledgementLinks: [] };
  if (!settings || !memberId || !plan || !deadline || Date.parse(deadline) <= now.getTime()) return none;
  if (typeof reminder.payload.version === 'number' && reminder.payload.version !== plan.version) return none;
  const link = signPlanLink({ pathwayId: ctx.pathway.id, memberId, planVersion: plan.version, expiresAt: deadline }, settings.secret);
  return { acknowledgementLinks: [{ acknowledgementLink: `${settings.publicBaseUrl}/api/v1/plan-links/${link}` }] };
}
