// A care-team professional signed in through an OpenID provider (test/e2e/web-oidc-provider.mjs) whose
// token is shaped like Pro Santé Connect's: a national identifier (SubjectNameID, 8 + RPPS), no roles.
// Against the whole stack in OIDC mode: a nurse lists exactly the pathways whose care team lists her;
// any other pathway, one she was removed from included, is 404; she reads her part and changes nothing.
import { randomUUID } from 'node:crypto';
import { AUDIENCE, clientCredentialsToken, startOidcProvider } from '../support/production-shape';
import { startStack, Stack } from '../support/stack';
import { Api, awaitingAssignment, expectStatus, referral } from './api-support';
import { claimsOf, IssuerKey } from './security-support';

const TERRITORY = 'T75-PSC';
const NURSE_RPPS = '10000000041';
const key = new IssuerKey('RS256');
const stops: Array<() => Promise<unknown>> = [];
const secrets = new Map([['psc-nurse', randomUUID()]]);

let stack: Stack;
let api: Api;
let issuer: string;
/** Staff tokens of the same issuer (its key is the test's), to set the pathways up. */
const staff = (sub: string, roles: string[]) => key.sign(claimsOf({ sub, roles, territory: TERRITORY, iss: issuer, aud: AUDIENCE }));
const pathways = { member: [] as string[], removed: '', never: '' };
let nurse: string;

beforeAll(async () => {
  issuer = await startOidcProvider(key.privateJwk, [{ id: 'psc-nurse', roles: [], SubjectNameID: `8${NURSE_RPPS}` }], secrets, () => undefined, stops);
  stack = await startStack({ env: { AUTH_JWKS_URL: `${issuer}/jwks`, AUTH_ISSUER: issuer, AUTH_AUDIENCE: AUDIENCE, AUTH_JWT_SECRET: '' } });
  api = new Api(stack.apiUrl);
  const cm = staff('cm-psc', ['case_manager']);
  expectStatus(await api.post('/api/v1/case-managers', staff('admin-psc', ['admin']), { id: 'cm-psc', name: 'Case manager', email: 'cm-psc@dac.example', territory: TERRITORY }), 201);
  const open = async () => {
    const id = await awaitingAssignment(api, referral({ territory: TERRITORY }), staff('intake-psc', ['intake']));
    expectStatus(await api.post(`/api/v1/pathways/${id}/assignment`, staff('sup-psc', ['supervisor']), { caseManagerId: 'cm-psc' }), 200);
    return id;
  };
  const [a, b, removed, never] = await Promise.all([open(), open(), open(), open()]);
  const addNurse = async (id: string) => {
    const added = await api.post(`/api/v1/pathways/${id}/care-team`, cm, { member: { role: 'NURSE', name: 'Inès Robert', email: 'ines.robert@example.org', rpps: NURSE_RPPS } });
    expectStatus(added, 200);
    return (added.body.careTeam as { id: string; rpps?: string }[]).find((m) => m.rpps === NURSE_RPPS)?.id as string;
  };
  await Promise.all([addNurse(a), addNurse(b)]);
  expectStatus(await api.post(`/api/v1/pathways/${removed}/care-team/${await addNurse(removed)}/removal`, cm, { note: 'no longer comes' }), 200);
  pathways.member = [a, b];
  pathways.removed = removed;
  pathways.never = never;
  nurse = (await clientCredentialsToken(issuer, 'psc-nurse', secrets.get('psc-nurse') as string)).token;
}, 180_000);
afterAll(async () => {
  await stack?.stop();
  for (const stop of stops.reverse()) await stop();
});

describe('a nurse signed in with a Pro Santé Connect-shaped token', () => {
  it('lists exactly the pathways whose care team lists her', async () => {
    const list = await api.get('/api/v1/pathways?limit=200', nurse);
    expectStatus(list, 200);
    expect((list.body.items as { id: string }[]).map((i) => i.id).sort()).toEqual([...pathways.member].sort());
  });

  it('any other pathway is 404, one she was removed from included', async () => {
    for (const id of [pathways.removed, pathways.never, randomUUID()]) expectStatus(await api.get(`/api/v1/pathways/${id}`, nurse), 404);
  });

  it('reads her part of her pathways: her member entry, the deadlines; not the other members', async () => {
    const read = await api.get(`/api/v1/pathways/${pathways.member[0]}`, nurse);
    expectStatus(read, 200);
    expect(read.body).toMatchObject({ id: pathways.member[0], member: { role: 'NURSE', rpps: NURSE_RPPS }, deadlines: expect.any(Array) });
    expect(read.body.careTeam).toBeUndefined();
    expect(read.body.physician).toBeUndefined();
  });

  it('changes nothing: a step, the timeline and a plan acknowledgement (she is not the attending physician) are 403', async () => {
    const id = pathways.member[0];
    expectStatus(await api.post(`/api/v1/pathways/${id}/contacts`, nurse, {}), 403);
    expectStatus(await api.get(`/api/v1/pathways/${id}/timeline`, nurse), 403);
    const ack = await api.post(`/api/v1/pathways/${id}/plan-acknowledgements`, nurse, { acknowledgedAt: new Date().toISOString() });
    expect({ status: ack.status, detail: ack.body.detail }).toEqual({ status: 403, detail: 'only the attending physician of the care team acknowledges the plan' });
  });
});
