// What the security suites share: tokens signed any way a test needs (a generated issuer key pair, a
// JWKS endpoint on 127.0.0.1, unsigned or tampered tokens), and reading the audit trail.
// Signed with node:crypto: jose is ESM-only under Jest.
import { createHmac, generateKeyPairSync, KeyObject, randomUUID, sign } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DataSource } from 'typeorm';
import { AuditEventRecord, createDataSource, listAuditEvents } from '@pathway/persistence';

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

export type JwtClaims = Record<string, unknown>;

/** Claims of a valid token, `iat` now and `exp` in an hour, plus `claims`. */
export function claimsOf(claims: JwtClaims): JwtClaims {
  return { iat: now(), exp: now() + 3600, ...claims };
}

/** An unsigned token (`alg: none`, empty signature), which must never be accepted. */
export function unsignedToken(claims: JwtClaims): string {
  return `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(claimsOf(claims))}.`;
}

export function hs256Token(claims: JwtClaims, secret: string, header: Record<string, unknown> = {}): string {
  const unsigned = `${b64url({ alg: 'HS256', typ: 'JWT', ...header })}.${b64url(claims)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

/** The token with its payload changed and its signature kept. */
export function tamper(jwt: string, changes: JwtClaims): string {
  const [header, payload, signature] = jwt.split('.');
  const claims = { ...JSON.parse(Buffer.from(payload, 'base64url').toString()), ...changes };
  return `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
}

/** A signing key of a test OIDC issuer, with its public JWK (published by `JwksServer`). */
export class IssuerKey {
  readonly kid = `k-${randomUUID().slice(0, 8)}`;
  private readonly privateKey: KeyObject;
  readonly publicJwk: Record<string, unknown>;

  constructor(readonly alg: 'RS256' | 'ES256') {
    const pair = alg === 'RS256' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.privateKey = pair.privateKey;
    this.publicJwk = { ...pair.publicKey.export({ format: 'jwk' }), kid: this.kid, alg, use: 'sig' };
  }

  /** The private key as a JWK, for an OpenID provider that signs with it (test/e2e/web-oidc-provider.mjs). */
  get privateJwk(): Record<string, unknown> {
    return { ...this.privateKey.export({ format: 'jwk' }), kid: this.kid, alg: this.alg, use: 'sig' };
  }

  /** A JWT with these exact claims (see `claimsOf`), signed with this key; `header` overrides kid/alg. */
  sign(claims: JwtClaims, header: Record<string, unknown> = {}): string {
    const unsigned = `${b64url({ alg: this.alg, typ: 'JWT', kid: this.kid, ...header })}.${b64url(claims)}`;
    const signature =
      this.alg === 'RS256'
        ? sign('sha256', Buffer.from(unsigned), this.privateKey)
        : sign('sha256', Buffer.from(unsigned), { key: this.privateKey, dsaEncoding: 'ieee-p1363' });
    return `${unsigned}.${signature.toString('base64url')}`;
  }
}

/** An issuer's key set at http://127.0.0.1:<port>/jwks, as an OIDC provider publishes it. */
export class JwksServer {
  private server?: http.Server;
  keys: IssuerKey[] = [];
  requests = 0;
  url = '';

  async start(keys: IssuerKey[]): Promise<this> {
    this.keys = keys;
    this.server = http.createServer((req, res) => {
      this.requests += 1;
      if (req.url !== '/jwks') return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: this.keys.map((k) => k.publicJwk) }));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/jwks`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** The audit trail, read as an auditor would: its own connection to the stack's database. */
export class AuditReader {
  private constructor(readonly db: DataSource) {}

  static async connect(databaseUrl: string): Promise<AuditReader> {
    return new AuditReader(await createDataSource(databaseUrl, { poolSize: 2 }).initialize());
  }

  /**
   * The events of these requests, once each has one (refusals are recorded just after their answer
   * is sent, so they may lag it by a few milliseconds).
   */
  async eventsOf(requestIds: string[], timeoutMs = 5_000): Promise<AuditEventRecord[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const events = await listAuditEvents(this.db, { requestIds });
      if (new Set(events.map((e) => e.requestId)).size >= new Set(requestIds).size || Date.now() > deadline) return events;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async close(): Promise<void> {
    if (this.db.isInitialized) await this.db.destroy();
  }
}

/** A fresh request id, sent as X-Request-Id so a test can find its call in the audit trail. */
export function requestId(label: string): string {
  return `${label}-${randomUUID()}`.replace(/[^\w.:-]/g, '_').slice(0, 100);
}
