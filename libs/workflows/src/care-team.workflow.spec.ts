/**
 * The care team on the real workflow (time-skipping test server): members added, changed and removed
 * through their Updates, an invalid change refused by the validator with nothing applied, and the
 * providers a plan names told their part through the outbox hand-over (patched: notify-care-team-providers).
 */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { query, step } from './testing/pathway-client';
import { RecordingActivities } from './testing/workflow-test-env';
import { bringTo, DAY, WorkflowTestHarness } from './testing/harness';

describe('the care team (time-skipping test server)', () => {
  let h: WorkflowTestHarness;
  beforeAll(async () => {
    h = await WorkflowTestHarness.start();
  }, 120_000);
  afterAll(async () => {
    await h?.teardown();
  });

  it('members come and go through their steps; the plan names its providers, who are told of the plan, a hospital stay and the death, the family nothing', async () => {
    const io = new RecordingActivities();
    io.addCaseManager('cm-1', 40, 20);
    await h.withWorker(io, async (tq) => {
      const { handle } = await h.open(tq);
      await bringTo(h, handle, 'PLANNING');
      const ssiad = await step(handle, { type: 'addCareTeamMember', member: { role: 'SSIAD', name: 'SSIAD Est', email: 'ssiad@example.org', finess: '750712184' } });
      expect(ssiad.careTeam.map((m) => m.id)).toEqual(['physician', 'caregiver', 'm1']);
      await step(handle, { type: 'addCareTeamMember', member: { role: 'SAAD', name: 'SAAD Est', email: 'saad@example.org' } });
      await step(handle, { type: 'addCareTeamMember', member: { role: 'NURSE', name: 'Inès Robert', phone: '06 11 22 33 44' } });
      await step(handle, { type: 'updateCareTeamMember', memberId: 'm3', member: { role: 'NURSE', name: 'Inès Robert', email: 'ines@example.org', rpps: '10003456786' } });
      await step(handle, { type: 'removeCareTeamMember', memberId: 'm3', note: 'no longer comes' });

      // A wrong RPPS key: refused by the validator, nothing applied.
      const seq = (await query.state(handle)).seq;
      await expect(step(handle, { type: 'addCareTeamMember', member: { role: 'NURSE', name: 'X', email: 'x@example.org', rpps: '10003456787' } })).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
      expect((await query.state(handle)).seq).toBe(seq);

      const at = await h.iso();
      await step(handle, {
        type: 'recordPlan',
        services: [
          { type: 'SSIAD', provider: 'SSIAD Est', frequency: 'daily', startsAt: at, providerMemberId: 'm1' },
          { type: 'SAAD', provider: 'SAAD Est', frequency: '3 times a week', startsAt: at, providerMemberId: 'm2' },
        ],
      });
      const providerNotices = () => io.notifications.filter((n) => n.recipientRole === 'provider').map((n) => `${n.kind}→${String(n.data.memberId)}`);
      expect(providerNotices()).toEqual(['serviceAdded→m1', 'serviceAdded→m2']);

      await h.sleep(DAY);
      await step(handle, { type: 'admitToHospital', admittedAt: await h.iso(), facility: 'Hôpital Saint-Antoine' });
      await h.sleep(3 * DAY);
      await step(handle, { type: 'dischargeFromHospital', dischargedAt: await h.iso(), destination: 'HOME' });
      await h.sleep(DAY);
      const caregiverBefore = io.notifications.filter((n) => n.recipientRole === 'caregiver').length;
      await step(handle, { type: 'closePathway', reason: 'DECEASED' });
      await handle.result();
      expect(providerNotices()).toEqual([
        'serviceAdded→m1',
        'serviceAdded→m2',
        'servicesSuspended→m1',
        'servicesSuspended→m2',
        'servicesRestarted→m1',
        'servicesRestarted→m2',
        'pathwayClosed→m1',
        'pathwayClosed→m2',
      ]);
      expect(io.notifications.filter((n) => n.recipientRole === 'caregiver')).toHaveLength(caregiverBefore);
    });
  });

  it('under a curatelle the plan waits for both signers: the physician, then the legal representative (patched: plan-co-signature)', async () => {
    const io = new RecordingActivities();
    io.addCaseManager('cm-1', 40, 20);
    await h.withWorker(io, async (tq) => {
      const { handle } = await h.open(tq);
      await bringTo(h, handle, 'PLANNING');
      await step(handle, { type: 'requestLegalProtection', kind: 'CURATELLE', certificateAt: await h.iso() });
      await step(handle, { type: 'fileLegalProtectionRequest', filedAt: await h.iso() });
      await step(handle, { type: 'recordLegalProtectionRuling', ruledAt: await h.iso(), outcome: 'GRANTED', measureEndsAt: new Date(Date.parse(await h.iso()) + 300 * DAY).toISOString() });
      await step(handle, { type: 'addCareTeamMember', member: { role: 'LEGAL_REPRESENTATIVE', name: 'Paul Martin', email: 'paul@example.org' } });
      await step(handle, { type: 'recordPlan', services: [{ type: 'SAAD', provider: 'SAAD Est', frequency: 'daily', startsAt: await h.iso() }] });
      expect(io.notifications.filter((n) => n.kind === 'planToCoSign').map((n) => n.recipientAddress)).toEqual(['paul@example.org']);
      await h.sleep(DAY);
      const first = await step(handle, { type: 'acknowledgePlan', acknowledgedAt: await h.iso() }, 'dr-durand');
      expect(first.stage).toBe('PLAN_VALIDATION');
      const both = await step(handle, { type: 'acknowledgePlan', acknowledgedAt: await h.iso(), by: 'm1' }, 'plan-link:m1');
      expect(both.stage).toBe('FOLLOW_UP');
      expect(both.plan?.acknowledgements?.map((a) => a.memberId)).toEqual(['physician', 'm1']);
    });
  });
});
