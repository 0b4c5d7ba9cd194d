/**
 * Test only (rolling-deploy.workflow.spec.ts): "the next build" of the workflow code. It changes the command
 * sequence — a logged contact now also notifies the case manager (one more enqueueNotifications) — and does it
 * the way a rolling deploy with patching alone must: behind `patched()`, and only from an activation instant
 * set after the rollout, so that while old and new workers share the task queue no new worker records a
 * branch an old worker could not replay. `__NEXT_BUILD_ACTIVE_FROM__` is set at bundle time (DefinePlugin).
 */
import { patched } from '@temporalio/workflow';
import { notificationsFor as currentNotificationsFor } from '../../../domain/src/notifications';

export * from '../../../domain/src/index';

declare const __NEXT_BUILD_ACTIVE_FROM__: number;

export const notificationsFor: typeof currentNotificationsFor = (state, events) => {
  const notifications = currentNotificationsFor(state, events);
  // Date.now() is the workflow clock (deterministic); `patched` is only reached, so its marker only written, once active.
  if (Date.now() >= __NEXT_BUILD_ACTIVE_FROM__ && patched('notify-case-manager-of-logged-contact')) {
    for (const event of events.filter((e) => e.type === 'CONTACT_LOGGED')) {
      notifications.push({
        dedupeKey: `${state.pathwayId}:contactLogged:${event.seq}:case_manager`,
        pathwayId: state.pathwayId,
        kind: 'contactLogged' as never,
        recipientRole: 'case_manager',
        sendAt: event.at,
        caseManagerId: state.caseManagerId,
        territory: state.territory,
        data: {},
      });
    }
  }
  return notifications;
};
