import { randomUUID } from 'node:crypto';
import { openPathway, PathwayNotFoundError, recordPathwayEvents } from './pathway-projection';
import { findPathway, listAssessments, listPlanVersions, listTimeline } from './pathway-reads';
import { sql } from './sql';
import { closePathway, openedPathway, projection, referral } from './testing/fixtures';
import { startPostgresForTests, TestDatabase } from './testing/test-database';

let db: TestDatabase;
beforeAll(async () => {
  db = await startPostgresForTests({ migrate: true });
}, 120_000);
afterAll(() => db?.stop());

describe('opening a pathway from a referral', () => {
  it('stores the patient and a pathway in REFERRED', async () => {
    const input = referral();
    await expect(openPathway(db.dataSource, input)).resolves.toEqual({ status: 'OPENED' });

    const pathway = await findPathway(db.dataSource, input.pathwayId);
    expect(pathway).toMatchObject({
      id: input.pathwayId,
      stage: 'REFERRED',
      territory: 'MAIA-75-NORD',
      caseManagerId: null,
      closedAt: null,
      flags: [],
      referredAt: new Date('2026-01-05T09:00:00Z'),
      projectionVersion: 1,
      summary: { stage: 'REFERRED' },
      patient: { externalId: input.patient.externalId, lastName: 'Martin', birthDate: '1941-03-12' },
    });
  });

  it('answers OPENED again when retried with the same pathway id, storing nothing twice', async () => {
    const input = referral();
    await openPathway(db.dataSource, input);
    await expect(openPathway(db.dataSource, input)).resolves.toEqual({ status: 'OPENED' });

    const { rows } = await sql<{ count: number }>(
      db.dataSource,
      `SELECT count(*)::int AS count FROM pathways p JOIN patients pt ON pt.id = p.patient_id WHERE pt.external_id = $1`,
      [input.patient.externalId],
    );
    expect(rows[0].count).toBe(1);
  });

  it('refuses a second referral of a patient whose pathway is open, naming the open pathway', async () => {
    const first = referral();
    await openPathway(db.dataSource, first);
    const second = referral({ externalId: first.patient.externalId });

    await expect(openPathway(db.dataSource, second)).resolves.toEqual({
      status: 'DUPLICATE',
      openPathwayId: first.pathwayId,
    });
    await expect(findPathway(db.dataSource, second.pathwayId)).resolves.toBeNull();
  });

  it('treats the same external id in another territory as another patient', async () => {
    const north = referral({ territory: 'MAIA-75-NORD' });
    const south = referral({ territory: 'MAIA-75-SUD', externalId: north.patient.externalId });
    await openPathway(db.dataSource, north);
    await expect(openPathway(db.dataSource, south)).resolves.toEqual({ status: 'OPENED' });
  });

  it('with an INS: the same person under another local id is a duplicate; the INS is stored', async () => {
    const territory = `T-INS-${randomUUID()}`;
    const first = referral({ territory });
    first.patient.ins = '184127645108946';
    await expect(openPathway(db.dataSource, first)).resolves.toEqual({ status: 'OPENED' });
    const elsewhere = referral({ territory });
    elsewhere.patient.ins = '184127645108946';
    await expect(openPathway(db.dataSource, elsewhere)).resolves.toEqual({ status: 'DUPLICATE', openPathwayId: first.pathwayId });
    // Another INS under another local id is another person; without an INS the local id alone decides.
    const other = referral({ territory });
    other.patient.ins = '255081416802538';
    await expect(openPathway(db.dataSource, other)).resolves.toEqual({ status: 'OPENED' });
    await expect(openPathway(db.dataSource, referral({ territory }))).resolves.toEqual({ status: 'OPENED' });
    expect((await findPathway(db.dataSource, first.pathwayId))?.patient.ins).toBe('184127645108946');
  });

  it('a patient first referred without an INS learns it from a later referral of the same local id', async () => {
    const territory = `T-INS-${randomUUID()}`;
    const first = referral({ territory });
    await openPathway(db.dataSource, first);
    await closePathway(db.dataSource, first.pathwayId, 2, territory);
    const again = referral({ territory, externalId: first.patient.externalId });
    again.patient.ins = '184127645108946';
    await expect(openPathway(db.dataSource, again)).resolves.toEqual({ status: 'OPENED' });
    const reopened = await findPathway(db.dataSource, again.pathwayId);
    expect(reopened?.patientId).toBe((await findPathway(db.dataSource, first.pathwayId))?.patientId);
    expect(reopened?.patient.ins).toBe('184127645108946');
  });

  it('opens a new pathway for a patient whose previous pathway is closed, with the identity of the new referral', async () => {
    const first = referral();
    await openPathway(db.dataSource, first);
    await closePathway(db.dataSource, first.pathwayId, 2);

    const again = referral({ externalId: first.patient.externalId });
    again.patient.lastName = 'Martin-Durand';
    await expect(openPathway(db.dataSource, again)).resolves.toEqual({ status: 'OPENED' });
    const reopened = await findPathway(db.dataSource, again.pathwayId);
    expect(reopened?.patientId).toBe((await findPathway(db.dataSource, first.pathwayId))?.patientId);
    expect(reopened?.patient.lastName).toBe('Martin-Durand');
  });

  it('opens exactly one pathway when 20 referrals of one patient arrive at once', async () => {
    const externalId = `PAT-CONCURRENT-${randomUUID()}`;
    const referrals = Array.from({ length: 20 }, () => referral({ externalId }));

    const results = await Promise.all(referrals.map((input) => openPathway(db.dataSource, input)));

    const opened = referrals.filter((_, i) => results[i].status === 'OPENED');
    expect(opened).toHaveLength(1);
    const winner = opened[0].pathwayId;
    expect(results.filter((r) => r.status === 'DUPLICATE')).toEqual(
      Array.from({ length: 19 }, () => ({ status: 'DUPLICATE', openPathwayId: winner })),
    );
    const { rows } = await sql<{ patients: number; pathways: number }>(
      db.dataSource,
      `SELECT count(DISTINCT pt.id)::int AS patients, count(p.id)::int AS pathways
         FROM patients pt LEFT JOIN pathways p ON p.patient_id = pt.id WHERE pt.external_id = $1`,
      [externalId],
    );
    expect(rows[0]).toEqual({ patients: 1, pathways: 1 });
  });

  it('runs inside the caller transaction and is rolled back with it', async () => {
    const input = referral();
    await expect(
      db.dataSource.transaction(async (tx) => {
        await openPathway(tx, input);
        throw new Error('the caller failed after opening');
      }),
    ).rejects.toThrow('the caller failed after opening');
    await expect(findPathway(db.dataSource, input.pathwayId)).resolves.toBeNull();
  });

  it('makes a second open pathway impossible at the database level', async () => {
    const pathwayId = await openedPathway(db.dataSource);
    await expect(
      sql(
        db.dataSource,
        `INSERT INTO pathways (id, patient_id, territory, stage, referred_at, last_event_at, summary, projection_version)
         SELECT $1, patient_id, territory, 'REFERRED', now(), now(), '{}', 1 FROM pathways WHERE id = $2`,
        [randomUUID(), pathwayId],
      ),
    ).rejects.toThrow(/pathways_one_open_per_patient/);
  });
});

describe('recording pathway events and the projection', () => {
  const eligibilityAccepted = {
    seq: 1,
    at: '2026-01-06T10:00:00.000Z',
    type: 'ELIGIBILITY_DECIDED',
    actor: 'intake-1',
    data: { decision: 'ACCEPTED' },
  };

  it('stores events once when the same call is retried', async () => {
    const pathwayId = await openedPathway(db.dataSource);
    const call = {
      pathwayId,
      events: [eligibilityAccepted],
      projection: projection({ version: 2, stage: 'AWAITING_ASSIGNMENT' }),
    };

    await expect(recordPathwayEvents(db.dataSource, call)).resolves.toEqual({
      eventsRecorded: 1,
      projectionUpdated: true,
    });
    await expect(recordPathwayEvents(db.dataSource, call)).resolves.toEqual({
      eventsRecorded: 0,
      projectionUpdated: false,
    });

    const timeline = await listTimeline(db.dataSource, pathwayId);
    expect(timeline).toHaveLength(1);
    expect(timeline[0]).toMatchObject({
      seq: 1,
      at: new Date('2026-01-06T10:00:00Z'),
      type: 'ELIGIBILITY_DECIDED',
      actor: 'intake-1',
      data: { decision: 'ACCEPTED' },
    });
  });

  it('never moves the projection backwards when an older version arrives late', async () => {
    const pathwayId = await openedPathway(db.dataSource);
    const newer = projection({
      version: 3,
      stage: 'ASSESSMENT',
      caseManagerId: null,
      nextDeadlineAt: '2026-02-05T10:00:00.000Z',
      flags: ['FIRST_CONTACT_DUE'],
      lastEventAt: '2026-01-06T11:00:00.000Z',
      summary: { stage: 'ASSESSMENT' },
    });
    const older = projection({ version: 2, stage: 'AWAITING_ASSIGNMENT', summary: { stage: 'AWAITING_ASSIGNMENT' } });

    await recordPathwayEvents(db.dataSource, { pathwayId, events: [], projection: newer });
    await expect(recordPathwayEvents(db.dataSource, { pathwayId, events: [], projection: older })).resolves.toEqual({
      eventsRecorded: 0,
      projectionUpdated: false,
    });

    await expect(findPathway(db.dataSource, pathwayId)).resolves.toMatchObject({
      stage: 'ASSESSMENT',
      projectionVersion: 3,
      nextDeadlineAt: new Date('2026-02-05T10:00:00Z'),
      flags: ['FIRST_CONTACT_DUE'],
      summary: { stage: 'ASSESSMENT' },
    });
  });

  it('keeps the highest version when versions are written concurrently in any order', async () => {
    const pathwayId = await openedPathway(db.dataSource);
    const versions = [7, 3, 9, 2, 8, 5, 4, 6];
    await Promise.all(
      versions.map((version) =>
        recordPathwayEvents(db.dataSource, {
          pathwayId,
          events: [],
          projection: projection({ version, stage: `STAGE_${version}` }),
        }),
      ),
    );
    await expect(findPathway(db.dataSource, pathwayId)).resolves.toMatchObject({
      projectionVersion: 9,
      stage: 'STAGE_9',
    });
  });

  it('stores an assessment row and a plan version with their events, once each even when retried', async () => {
    const pathwayId = await openedPathway(db.dataSource);
    const call = {
      pathwayId,
      events: [
        {
          seq: 4,
          at: '2026-01-20T15:00:00.000Z',
          type: 'ASSESSMENT_RECORDED',
          actor: 'cm-1',
          data: {
            performedAt: '2026-01-20T14:00:00.000Z',
            mmse: 18,
            gir: 3,
            zarit: 52,
            livingSituation: 'ALONE',
            summary: 'Troubles mnésiques, vit seule',
            risks: ['FALLS'],
          },
        },
        {
          seq: 5,
          at: '2026-01-25T09:00:00.000Z',
          type: 'PLAN_RECORDED',
          actor: 'cm-1',
          data: { version: 1, services: [{ type: 'SSIAD', provider: 'SSIAD Paris 18', frequency: 'daily' }] },
        },
      ],
      projection: projection({ version: 5, stage: 'PLAN_VALIDATION' }),
    };

    await recordPathwayEvents(db.dataSource, call);
    await recordPathwayEvents(db.dataSource, call);

    const assessments = await listAssessments(db.dataSource, pathwayId);
    expect(assessments).toEqual([
      {
        seq: 4,
        performedAt: new Date('2026-01-20T14:00:00Z'),
        mmse: 18,
        gir: 3,
        zarit: 52,
        livingSituation: 'ALONE',
        summary: 'Troubles mnésiques, vit seule',
        data: call.events[0].data,
      },
    ]);
    const plans = await listPlanVersions(db.dataSource, pathwayId);
    expect(plans).toEqual([
      {
        version: 1,
        seq: 5,
        recordedAt: new Date('2026-01-25T09:00:00Z'),
        services: [{ type: 'SSIAD', provider: 'SSIAD Paris 18', frequency: 'daily' }],
      },
    ]);
  });

  it('keeps every plan version: a revision is a new row, never an overwrite', async () => {
    const pathwayId = await openedPathway(db.dataSource);
    for (const version of [1, 2]) {
      await recordPathwayEvents(db.dataSource, {
        pathwayId,
        events: [
          {
            seq: version,
            at: `2026-0${version}-10T09:00:00.000Z`,
            type: 'PLAN_RECORDED',
            actor: 'cm-1',
            data: { version, services: [{ type: version === 1 ? 'SAAD' : 'DAY_CARE' }] },
          },
        ],
        projection: projection({ version: version + 1, stage: 'PLAN_VALIDATION' }),
      });
    }
    const plans = await listPlanVersions(db.dataSource, pathwayId);
    expect(plans.map((plan) => [plan.version, plan.services])).toEqual([
      [1, [{ type: 'SAAD' }]],
      [2, [{ type: 'DAY_CARE' }]],
    ]);
  });

  it('refuses a different event at a seq already recorded, and stores nothing of that call', async () => {
    const pathwayId = await openedPathway(db.dataSource);
    await recordPathwayEvents(db.dataSource, {
      pathwayId,
      events: [eligibilityAccepted],
      projection: projection({ version: 2 }),
    });

    await expect(
      recordPathwayEvents(db.dataSource, {
        pathwayId,
        events: [
          { seq: 2, at: '2026-01-07T10:00:00.000Z', type: 'CONTACT_LOGGED', actor: 'cm-1', data: {} },
          { ...eligibilityAccepted, type: 'PATHWAY_CLOSED' },
        ],
        projection: projection({ version: 3, stage: 'CLOSED' }),
      }),
    ).rejects.toThrow(`event 1 is already recorded as ELIGIBILITY_DECIDED, not PATHWAY_CLOSED`);

    expect((await listTimeline(db.dataSource, pathwayId)).map((event) => event.seq)).toEqual([1]);
    await expect(findPathway(db.dataSource, pathwayId)).resolves.toMatchObject({ projectionVersion: 2 });
  });

  it('refuses events for a pathway that was never opened', async () => {
    const pathwayId = randomUUID();
    await expect(
      recordPathwayEvents(db.dataSource, { pathwayId, events: [eligibilityAccepted], projection: projection({ version: 2 }) }),
    ).rejects.toThrow(PathwayNotFoundError);
  });

  it('keeps history append-only: the database refuses to rewrite or delete an event', async () => {
    const pathwayId = await openedPathway(db.dataSource);
    await recordPathwayEvents(db.dataSource, { pathwayId, events: [eligibilityAccepted], projection: projection({ version: 2 }) });

    await expect(
      sql(db.dataSource, `UPDATE pathway_events SET type = 'FORGED' WHERE pathway_id = $1`, [pathwayId]),
    ).rejects.toThrow('pathway_events is append-only: UPDATE refused');
    await expect(sql(db.dataSource, `DELETE FROM pathway_events WHERE pathway_id = $1`, [pathwayId])).rejects.toThrow(
      'pathway_events is append-only: DELETE refused',
    );
  });
});
