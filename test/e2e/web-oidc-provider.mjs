// A real OpenID provider for test/e2e/web-oidc.spec.ts: panva's oidc-provider (OpenID Certified), on a
// free port of 127.0.0.1, in a process of its own (the package is ESM-only; Jest runs CommonJS).
//
//   OIDC_PROVIDER_OPTIONS='<json>' node test/e2e/web-oidc-provider.mjs   → prints `READY <issuer>` once it listens
//
// Options: { port, signingKey (a private JWK), clientId, redirectUri, postLogoutRedirectUri, audience,
// resource, accessTokenTtl, accounts: { [id]: { name, email?, roles, territory? } } }. The key is the
// test's, so that it can also mint the tokens it sets its data up with (a test key, thrown away after).
// - one public client (no secret, token_endpoint_auth_method none), authorization code, PKCE required;
// - its access tokens are JWTs for the API (resource indicators, RFC 8707: every authorization is for
//   `resource`, whose tokens carry `aud: audience`), signed RS256 with a key published at /jwks, with the
//   account's `roles` and `territory` claims, as the API reads them (apps/api/src/auth/principal.ts);
// - the account's name and email go into the ID token (as Keycloak does by default);
// - logins and consent through oidc-provider's development pages (any password);
// - `machineClients: { [clientId]: { secret, roles, territory?, email?, SubjectNameID? } }`: confidential clients that get
//   an access token for the API by the client-credentials grant (RFC 6749 §4.4, with `resource`), with the
//   client's `roles`, `territory` and verified `email` as claims and its id as `sub`: how a script or a
//   test with no browser (test/e2e/production-shape.spec.ts) gets real tokens of this issuer. With
//   `SubjectNameID`, the token carries that claim and no roles, as Pro Santé Connect's do
//   (test/e2e/api-professional-oidc.spec.ts).
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import Provider, { errors } from 'oidc-provider';

const options = JSON.parse(process.env.OIDC_PROVIDER_OPTIONS ?? '{}');
const accounts = options.accounts ?? {};
const machineClients = options.machineClients ?? {};

const server = http.createServer();
await new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen(options.port ?? 0, '127.0.0.1', resolve);
});
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: options.clientId,
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code'],
      response_types: ['code'],
      redirect_uris: [options.redirectUri],
      post_logout_redirect_uris: [options.postLogoutRedirectUri],
    },
    ...Object.entries(machineClients).map(([clientId, machine]) => ({
      client_id: clientId,
      client_secret: machine.secret,
      token_endpoint_auth_method: 'client_secret_post',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
    })),
  ].filter((client) => client.client_id),
  pkce: { required: () => true },
  // The browser calls the token endpoint and the discovery document from the app's origin.
  clientBasedCORS: (_ctx, origin, client) => client.redirectUris.some((uri) => new URL(uri).origin === origin),
  jwks: { keys: [options.signingKey] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  conformIdTokenClaims: false,
  claims: { openid: ['sub'], profile: ['name'], email: ['email', 'email_verified'] },
  findAccount: (_ctx, id) => {
    const account = accounts[id];
    if (!account) return undefined;
    return { accountId: id, claims: () => ({ sub: id, name: account.name, email: account.email, email_verified: Boolean(account.email) }) };
  },
  extraTokenClaims: (_ctx, token) => {
    if (token.kind === 'ClientCredentials') {
      const machine = machineClients[token.clientId];
      if (!machine) return undefined;
      // A professional's client stands for a Pro Santé Connect sign-in: the national identifier, no roles.
      if (machine.SubjectNameID) return { sub: token.clientId, SubjectNameID: machine.SubjectNameID };
      return { sub: token.clientId, roles: machine.roles, territory: machine.territory, ...(machine.email ? { email: machine.email, email_verified: true } : {}) };
    }
    if (token.kind !== 'AccessToken') return undefined;
    const account = accounts[token.accountId];
    return account ? { roles: account.roles, territory: account.territory } : undefined;
  },
  ttl: { AccessToken: options.accessTokenTtl ?? 600 },
  features: {
    devInteractions: { enabled: true },
    clientCredentials: { enabled: Object.keys(machineClients).length > 0 },
    rpInitiatedLogout: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => options.resource,
      useGrantedResource: () => true,
      getResourceServerInfo: (_ctx, indicator) => {
        if (indicator !== options.resource) throw new errors.InvalidTarget();
        return { scope: 'pathways', audience: options.audience, accessTokenFormat: 'jwt', accessTokenTTL: options.accessTokenTtl ?? 600, jwt: { sign: { alg: 'RS256' } } };
      },
    },
  },
});
provider.on('server_error', (_ctx, err) => console.error(`server_error: ${err.stack}`));
provider.on('grant.error', (_ctx, err) => console.error(`grant.error: ${err.message} ${err.error_description ?? ''}`));
provider.on('authorization.error', (_ctx, err) => console.error(`authorization.error: ${err.message} ${err.error_description ?? ''}`));
server.on('request', provider.callback());
console.log(`READY ${issuer}`);

const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
