/**
 * The one-click plan links (issue 18): the secret both the worker (which signs them into the e-mail) and
 * the API (which verifies them) hold, and the address the links point at.
 */
import { readSettings, SettingsError } from './settings';

/** Locally only, like the bearer tokens' development secret: refused when NODE_ENV=production. */
export const LOCAL_PLAN_LINK_SECRET = 'care-pathway-local-plan-link-secret';

export interface PlanLinkSettings {
  secret: string;
  /** Where the API is reached from outside, e.g. https://maia.example (no trailing slash). */
  publicBaseUrl: string;
}

export function planLinkSettings(env: Record<string, string | undefined> = process.env): PlanLinkSettings {
  const { ACKNOWLEDGEMENT_LINK_SECRET, PUBLIC_BASE_URL, PORT } = readSettings(['ACKNOWLEDGEMENT_LINK_SECRET', 'PUBLIC_BASE_URL', 'PORT'], env);
  const production = env.NODE_ENV === 'production';
  const secret = ACKNOWLEDGEMENT_LINK_SECRET ?? LOCAL_PLAN_LINK_SECRET;
  if (production && (secret === LOCAL_PLAN_LINK_SECRET || Buffer.byteLength(secret) < 32)) {
    throw new SettingsError('ACKNOWLEDGEMENT_LINK_SECRET must be set to at least 32 bytes, not the local development secret, when NODE_ENV=production');
  }
  if (production && !PUBLIC_BASE_URL) throw new SettingsError('PUBLIC_BASE_URL must be set when NODE_ENV=production (the address the plan links point at)');
  return { secret, publicBaseUrl: (PUBLIC_BASE_URL ?? `http://127.0.0.1:${PORT}`).replace(/\/+$/, '') };
}
