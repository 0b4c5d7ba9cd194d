// The one way the web app talks to the API: openapi-fetch typed by the generated schema.d.ts, the
// signed-in user's bearer token on every request.
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';
import { currentSession } from '../session';

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
};

export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use(bearer);
