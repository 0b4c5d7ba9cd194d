// The one way the web app talks to the API: openapi-fetch typed by the generated schema.d.ts, the
// signed-in user's bearer token on every request.
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';
import { navigate } from '../router';
import { currentSession, expireSession } from '../session';

export type Schemas = components['schemas'];
export type PathwaySummary = Schemas['PathwaySummaryDto'];
export type PathwayListItem = Schemas['PathwayListItemDto'];
export type TimelineEvent = Schemas['TimelineEventDto'];
export type StuckPathway = Schemas['StuckPathwayDto'];
export type Caseload = Schemas['CaseloadDto'];
export type WaitingPathway = Schemas['WaitingPathwayDto'];
export type DemoUser = Schemas['DemoUserDto'];
export type AssessmentInput = Schemas['AssessmentDto'];

const bearer: Middleware = {
  onRequest({ request }) {
    const session = currentSession();
    if (session) request.headers.set('Authorization', `Bearer ${session.token}`);
    return request;
  },
  // A refused token (expired, revoked, the issuer's keys rotated): back to the sign-in page, which says why.
  onResponse({ request, response }) {
    if (response.status === 401 && request.headers.has('Authorization')) {
      expireSession();
      navigate('/connexion');
    }
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use(bearer);
