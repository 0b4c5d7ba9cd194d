// `npm run token -- --sub u1 --roles case_manager,supervisor --territory T75-EST [--email x] [--expires 8h]`
// Prints an HS256 bearer token for the local API, signed with AUTH_JWT_SECRET or, when it is unset, the
// local development secret the API itself falls back to (read from apps/api/src/auth/token-verifier.ts,
// so there is one place for it).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SignJWT } from 'jose';

const ROLES = ['intake', 'case_manager', 'supervisor', 'physician', 'admin', 'service'];
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function fail(message) {
  console.error(`token: ${message}`);
  console.error('usage: npm run token -- --sub <user id> --roles <role,role> [--territory <code>] [--email <address>] [--expires 8h]');
  console.error(`roles: ${ROLES.join(', ')}`);
  process.exit(1);
}

function localSecret() {
  const source = readFileSync(path.join(ROOT, 'apps/api/src/auth/token-verifier.ts'), 'utf8');
  const match = source.match(/LOCAL_DEV_SECRET\s*=\s*'([^']+)'/);
  if (!match) fail('cannot find LOCAL_DEV_SECRET in apps/api/src/auth/token-verifier.ts; set AUTH_JWT_SECRET');
  return match[1];
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      sub: { type: 'string' },
      roles: { type: 'string' },
      territory: { type: 'string' },
      email: { type: 'string' },
      expires: { type: 'string', default: '8h' },
    },
    strict: true,
  }));
} catch (err) {
  fail(err.message);
}
if (!values.sub) fail('--sub is required');
const roles = (values.roles ?? '').split(',').map((r) => r.trim()).filter(Boolean);
if (roles.length === 0) fail('--roles is required');
const unknown = roles.filter((r) => !ROLES.includes(r));
if (unknown.length) fail(`unknown role(s): ${unknown.join(', ')}`);

const secret = process.env.AUTH_JWT_SECRET || localSecret();
const claims = { roles, ...(values.territory ? { territory: values.territory } : {}), ...(values.email ? { email: values.email } : {}) };
const token = await new SignJWT(claims)
  .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
  .setSubject(values.sub)
  .setIssuedAt()
  .setExpirationTime(values.expires)
  .sign(new TextEncoder().encode(secret));
console.log(token);
